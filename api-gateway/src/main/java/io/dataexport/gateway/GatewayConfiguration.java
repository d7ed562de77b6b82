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
import io.dataexport.gateway.member.MemberSearchService;
import io.dataexport.gateway.protocol.RequestIdFilter;
import io.dataexport.gateway.protocol.RpcDispatcher;
import io.dataexport.gateway.protocol.RpcMethods;
import io.dataexport.gateway.task.TaskService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportLimitsProperties.class)
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
        new ExportCounters(meters),
        clock);
  }

  @Bean
  TaskService taskService(UserCatalog users, TaskCatalog tasks) {
    return new TaskService(users, tasks);
  }

  @Bean
  RpcMethods rpcMethods(ExportService exports, TaskService tasks, MemberDirectory members) {
    return new RpcMethods(exports, tasks, new MemberSearchService(members), new CallerService());
  }

  @Bean
  RpcDispatcher rpcDispatcher(ApiKeyStore keys, AuditPublisher audit, MeterRegistry meters) {
    return new RpcDispatcher(new ApiKeyAuthenticator(keys), audit, meters);
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    FilterRegistrationBean<RequestIdFilter> registration =
        new FilterRegistrationBean<>(new RequestIdFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
