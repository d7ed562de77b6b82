package io.dataexport.audit.seal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether this service seals the audit trail: {@code dataexport.audit.seal.enabled} when set (true
 * then requires the signing key, so a deployment that means to seal cannot start without it);
 * otherwise whenever a signing key is configured.
 */
final class SealingConfigured implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment env = context.getEnvironment();
    Boolean enabled = env.getProperty("dataexport.audit.seal.enabled", Boolean.class);
    if (enabled != null) {
      return enabled;
    }
    return StringUtils.hasText(env.getProperty("dataexport.audit.seal.signing-key"));
  }
}
