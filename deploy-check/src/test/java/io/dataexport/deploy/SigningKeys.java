package io.dataexport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.audit.seal.DigestSigner;
import io.dataexport.audit.seal.SealProperties;
import io.dataexport.gateway.keys.PublishedKeys;
import io.dataexport.signing.Ed25519;
import io.dataexport.worker.archive.ManifestSigningProperties;
import io.dataexport.worker.archive.verify.VerifyArchive;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The workers' Ed25519 signing keys as a deployment hands them out: the audit seal's ({@link
 * SealProperties}) and the archive manifests' ({@link ManifestSigningProperties}), private halves
 * for the workers only, public halves published by the gateway ({@link PublishedKeys}). A
 * deployment's environment is bound here by Spring Boot's own binder, as the services bind it.
 */
final class SigningKeys {

  /** The purpose of the audit seal's published key (VerifyAuditCommand.PURPOSE). */
  static final String AUDIT_DIGEST = "audit-digest";

  static final String ARCHIVE_MANIFEST = VerifyArchive.MANIFEST_PURPOSE;

  private static final byte[] PROBE = "signed by the worker".getBytes(StandardCharsets.UTF_8);

  private SigningKeys() {}

  /** The properties that hold a private key, from the records that bind them. */
  static List<String> privateKeyProperties() {
    return List.of(
        prefix(SealProperties.class) + ".signing-key",
        prefix(ManifestSigningProperties.class) + ".signing-key");
  }

  /** Their environment variables, every form Spring Boot binds. */
  static Set<String> privateKeyVariables() {
    Set<String> names = new TreeSet<>();
    privateKeyProperties().forEach(p -> names.addAll(ServiceSettings.environmentNames(p)));
    return names;
  }

  /** Whether a value is an Ed25519 private key as the workers take one (PKCS#8, base64). */
  static boolean isPrivateKey(String value) {
    if (value == null) {
      return false;
    }
    try {
      Ed25519.privateKey("value", value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A record of configuration properties bound from these environment variables alone. */
  static <T> T bind(Map<String, String> variables, Class<T> type) {
    return Binder.get(environment(variables)).bindOrCreate(prefix(type), Bindable.of(type));
  }

  /** Whether Spring Boot reads this property from this environment variable. */
  static boolean sets(String variable, String property) {
    ConfigurationPropertySource source =
        ConfigurationPropertySource.from(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.<String, Object>of(variable, "value")));
    return source.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null;
  }

  /**
   * The worker seals the audit trail and signs manifests, each with a key whose public half the
   * gateway publishes under the signer's key id and the right purpose: what the worker signs
   * verifies under what the gateway serves.
   */
  static void assertTheWorkerSignsWithKeysTheGatewayPublishes(
      String where, Map<String, String> worker, Map<String, String> gateway) {
    SealProperties seal = bind(worker, SealProperties.class);
    assertThat(seal.enabled()).as(where + ": sealing required (a missing key stops it)").isTrue();
    // what the worker builds at start (AuditSealConfiguration, WorkerConfiguration)
    assertThat(DigestSigner.fromPkcs8Base64(seal.keyId(), seal.signingKey()).keyId())
        .isEqualTo(seal.keyId());
    ManifestSigningProperties manifest = bind(worker, ManifestSigningProperties.class);
    assertThat(manifest.signer()).as(where + ": archives signed").isNotNull();

    List<PublishedKeys.Key> published = bind(gateway, PublishedKeys.class).publishedKeys();
    assertPublished(
        where + " audit seal", seal.keyId(), seal.signingKey(), AUDIT_DIGEST, published);
    assertPublished(
        where + " manifest signing",
        manifest.keyId(),
        manifest.signingKey(),
        ARCHIVE_MANIFEST,
        published);
    assertThat(seal.keyId()).as(where + ": one key id, one key").isNotEqualTo(manifest.keyId());
  }

  private static void assertPublished(
      String what,
      String keyId,
      String privateKey,
      String purpose,
      List<PublishedKeys.Key> published) {
    List<PublishedKeys.Key> matching =
        published.stream().filter(k -> k.keyId().equals(keyId)).toList();
    assertThat(matching).as(what + ": the gateway publishes key id " + keyId).hasSize(1);
    PublishedKeys.Key key = matching.get(0);
    assertThat(key.purpose()).as(what + " purpose").isEqualTo(purpose);
    assertThat(key.algorithm()).as(what).isEqualTo(Ed25519.ALGORITHM);
    PrivateKey signing = Ed25519.privateKey(what, privateKey);
    String signature = Ed25519.sign(signing, PROBE);
    assertThat(Ed25519.verify(Ed25519.publicKey(keyId, key.publicKey()), PROBE, signature))
        .as(what + ": the published key " + keyId + " is the public half of the worker's")
        .isTrue();
  }

  /** An environment of these variables only: no system properties, no process environment. */
  private static StandardEnvironment environment(Map<String, String> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    MutablePropertySources sources = environment.getPropertySources();
    sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    // the name that makes Spring Boot map A_B_0_C to a.b[0].c
    sources.replace(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new LinkedHashMap<>(variables)));
    return environment;
  }

  private static String prefix(Class<?> type) {
    ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
    return annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
  }
}
