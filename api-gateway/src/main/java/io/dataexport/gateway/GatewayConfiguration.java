package io.dataexport.gateway;

import com.mongodb.client.MongoDatabase;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveStoreProperties;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.catalog.MemberDirectory;
import io.dataexport.catalog.TaskCatalog;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.export.ExportJobStore;
import io.dataexport.gateway.auth.ApiKeyAuthenticator;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.caller.CallerService;
import io.dataexport.gateway.export.ExportCounters;
import io.dataexport.gateway.export.ExportLimitsProperties;
import io.dataexport.gateway.export.ExportService;
import io.dataexport.gateway.keys.ApiKeyService;
import io.dataexport.gateway.limit.RateLimitProperties;
import io.dataexport.gateway.limit.RequestRateLimiter;
import io.dataexport.gateway.member.MemberSearchService;
import io.dataexport.gateway.protocol.RequestIdFilter;
import io.dataexport.gateway.protocol.RpcDispatcher;
import io.dataexport.gateway.protocol.RpcMethods;
import io.dataexport.gateway.protocol.SecurityHeadersFilter;
import io.dataexport.gateway.task.TaskService;
import io.dataexport.gateway.workspace.DataHandlingFacts;
import io.dataexport.gateway.workspace.DataHandlingProperties;
import io.dataexport.gateway.workspace.WorkspaceExportService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ExportLimitsProperties.class,
  RateLimitProperties.class,
  DataHandlingProperties.class
})
class GatewayConfiguration {

  @Bean
  ApiKeyStore apiKeyStore(MongoDatabase database) {
    return new ApiKeyStore(database);
  }

  @Bean
  ExportService exportService(
      ExportJobStore jobs,
      UserCatalog users,
      TaskCatalog tasks,
      ArchiveStore archives,
      ExportLimitsProperties limits,
      ArchiveStoreProperties archiveProperties,
      MeterRegistry meters,
      Clock clock) {
    return new ExportService(
        jobs,
        users,
        tasks,
        archives,
        limits.maxQueuedPerUser(),
        archiveProperties.linkValidity(),
        new ExportCounters(meters, users),
        clock);
  }

  @Bean
  WorkspaceExportService workspaceExportService(
      ExportJobStore jobs,
      UserCatalog enterprises,
      ArchiveStore archives,
      ArchiveStoreProperties archiveProperties,
      DataHandlingProperties dataHandling,
      Environment environment,
      Clock clock) {
    boolean servesTls = environment.getProperty("server.ssl.enabled", Boolean.class, false);
    return new WorkspaceExportService(
        jobs,
        enterprises,
        archives,
        archiveProperties.linkValidity(),
        new DataHandlingFacts(archiveProperties, dataHandling, servesTls, enterprises),
        clock);
  }

  @Bean
  TaskService taskService(UserCatalog users, TaskCatalog tasks) {
    return new TaskService(users, tasks);
  }

  @Bean
  RpcMethods rpcMethods(
      ExportService exports,
      TaskService tasks,
      MemberDirectory members,
      ApiKeyStore keys,
      WorkspaceExportService workspaceExports,
      Clock clock) {
    return new RpcMethods(
        exports,
        tasks,
        new MemberSearchService(members),
        new CallerService(),
        new ApiKeyService(keys, clock),
        workspaceExports);
  }

  @Bean
  RequestRateLimiter requestRateLimiter(RateLimitProperties limits, MeterRegistry meters) {
    return new RequestRateLimiter(limits, meters);
  }

  @Bean
  RpcDispatcher rpcDispatcher(
      ApiKeyStore keys,
      RequestRateLimiter limiter,
      AuditPublisher audit,
      MeterRegistry meters,
      Clock clock) {
    return new RpcDispatcher(new ApiKeyAuthenticator(keys, clock), limiter, audit, meters);
  }

  @Bean
  FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
    FilterRegistrationBean<SecurityHeadersFilter> registration =
        new FilterRegistrationBean<>(new SecurityHeadersFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    FilterRegistrationBean<RequestIdFilter> registration =
        new FilterRegistrationBean<>(new RequestIdFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
