package io.dataexport.gateway.request;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a newest-first list. Read {@code pageSize + 1} rows: the extra row only tells whether
 * another page exists, without a count query.
 *
 * @param nextPageToken empty on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {

  public static int rowsToRead(int pageSize) {
    return pageSize + 1;
  }

  /**
   * The page out of {@code rows} read with {@link #rowsToRead}; its token points past its last
   * item.
   */
  public static <T> Page<T> of(List<T> rows, int pageSize, Function<T, PageToken> positionOf) {
    if (rows.size() <= pageSize) {
      return new Page<>(rows, "");
    }
    List<T> items = rows.subList(0, pageSize);
    return new Page<>(items, positionOf.apply(items.get(pageSize - 1)).encode());
  }
}
