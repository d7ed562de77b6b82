package io.dataexport.archive;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Download links through the gateway, whatever the archive store: {@value #DOWNLOAD_PATH}{@code
 * <object name>?expires=…&signature=…}, an HMAC-SHA256 over the object name and expiry. The gateway
 * checks a link before anything is served, audits the download, then streams the archive or, where
 * the store can, redirects to a storage link that lives under a minute.
 */
public final class DownloadLinks {

  public static final String DOWNLOAD_PATH = "/downloads/";

  private final URI publicBaseUrl;
  private final byte[] signingKey;
  private final Clock clock;

  /**
   * @param publicBaseUrl the gateway as clients reach it
   * @param signingKey at least 32 characters; null where links are neither made nor checked (a
   *     worker)
   */
  public DownloadLinks(URI publicBaseUrl, String signingKey, Clock clock) {
    if (signingKey != null && signingKey.length() < 32) {
      throw new IllegalArgumentException(
          "dataexport.archive.links.signing-key must be at least 32 characters");
    }
    this.publicBaseUrl = publicBaseUrl;
    this.signingKey = signingKey == null ? null : signingKey.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** A link to {@code objectName} that works until {@code validity} from now. */
  public SignedLink sign(String objectName, Duration validity) {
    Instant expiresAt = clock.instant().plus(validity);
    long expires = expiresAt.getEpochSecond();
    URI url =
        URI.create(
            stripTrailingSlash(publicBaseUrl.toString())
                + DOWNLOAD_PATH
                + objectName
                + "?expires="
                + expires
                + "&signature="
                + URLEncoder.encode(signature(objectName, expires), StandardCharsets.UTF_8));
    return new SignedLink(url, Instant.ofEpochSecond(expires));
  }

  /**
   * Whether {@code signature} was made here for {@code objectName} and {@code expires} is ahead.
   */
  public boolean verify(String objectName, long expires, String signature) {
    if (clock.instant().getEpochSecond() > expires) {
      return false;
    }
    byte[] expected = signature(objectName, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private String signature(String objectName, long expires) {
    if (signingKey == null) {
      // Workers only write archives; the gateway, which signs and serves links, needs the key.
      throw new IllegalStateException(
          "dataexport.archive.links.signing-key is not set; links cannot be signed or checked");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      byte[] digest = mac.doFinal((objectName + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public String toString() {
    return "DownloadLinks[" + publicBaseUrl + "]";
  }
}
