package io.dataexport.gateway.task;

import io.dataexport.api.v1.ListTasksRequest;
import io.dataexport.api.v1.ListTasksResponse;
import io.dataexport.api.v1.Task;
import io.dataexport.catalog.TaskCatalog;
import io.dataexport.catalog.TaskCatalog.TaskQuery;
import io.dataexport.catalog.TaskSummary;
import io.dataexport.catalog.UserAccount;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.gateway.api.ProtoTime;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.request.Page;
import io.dataexport.gateway.request.PageToken;
import io.dataexport.gateway.request.RequestFields;
import io.dataexport.gateway.request.UserResolver;
import java.time.Instant;
import java.util.List;

/** Previews a user's tasks (sessions) before an export, with the filters an export would apply. */
public class TaskService {

  private final UserResolver userResolver;
  private final TaskCatalog tasks;

  public TaskService(UserCatalog users, TaskCatalog tasks) {
    this.userResolver = new UserResolver(users);
    this.tasks = tasks;
  }

  public ListTasksResponse list(Caller caller, ListTasksRequest request) {
    int pageSize = RequestFields.pageSize(request.getPageSize());
    PageToken after = PageToken.decode(request.getPageToken());
    Instant start =
        RequestFields.time("start_time", request.hasStartTime(), request.getStartTime());
    Instant end = RequestFields.time("end_time", request.hasEndTime(), request.getEndTime());
    RequestFields.timeRange(start, end);
    UserAccount user =
        userResolver.resolve(caller.enterpriseUid(), request.getUserId(), request.getEmail());
    List<TaskSummary> rows =
        tasks.list(
            new TaskQuery(
                caller.enterpriseUid(),
                user.userId(),
                start,
                end,
                request.hasIncludeDeleted() && request.getIncludeDeleted(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                Page.rowsToRead(pageSize)));
    Page<TaskSummary> page =
        Page.of(rows, pageSize, task -> new PageToken(task.createdAt(), task.sessionId()));
    ListTasksResponse.Builder response =
        ListTasksResponse.newBuilder()
            .setUserId(user.userId())
            .setNextPageToken(page.nextPageToken());
    page.items().forEach(task -> response.addTasks(toTask(task)));
    return response.build();
  }

  private static Task toTask(TaskSummary task) {
    return Task.newBuilder()
        .setSessionId(task.sessionId())
        .setTitle(task.title() == null ? "" : task.title())
        .setCreatedAt(ProtoTime.timestamp(task.createdAt()))
        .setDeleted(task.deleted())
        .setFileCount(task.fileCount())
        .build();
  }
}
