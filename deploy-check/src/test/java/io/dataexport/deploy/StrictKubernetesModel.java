package io.dataexport.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * fabric8's Kubernetes model (the Kubernetes API's schemas as Java classes, from Maven Central) as
 * a strict validator. fabric8 is lenient on purpose: every model class keeps what it does not know
 * in {@code additionalProperties} (a Jackson any-setter), so {@code livenesProbe:} or a list where
 * an object belongs would load without a word. Here the any-setter is switched off for the typed
 * model classes and unknown properties fail, as {@code kubectl apply --validate=strict} would;
 * kinds the model does not know (custom resources: KEDA, Strimzi) load as {@link
 * GenericKubernetesResource}, whose fields the tests check themselves.
 */
final class StrictKubernetesModel {

  private final KubernetesSerialization serialization;
  private final JsonMapper plain = JsonMapper.builder().build();

  StrictKubernetesModel() {
    JsonMapper strict =
        JsonMapper.builder()
            .annotationIntrospector(new NoCatchAllForModelClasses())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    this.serialization = new KubernetesSerialization(strict, true);
  }

  /** One YAML document (as SnakeYAML read it) as its model class; throws on any unknown field. */
  HasMetadata load(Map<String, Object> document) {
    Object loaded;
    try {
      loaded = serialization.unmarshal(plain.writeValueAsString(document));
    } catch (RuntimeException e) {
      // fabric8 wraps Jackson's precise complaint ("Unrecognized property 'x' … (through
      // reference chain: …)") in "An error has occurred."
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof JacksonException)) {
        cause = cause.getCause();
      }
      throw new IllegalArgumentException(cause.getMessage(), e);
    }
    if (!(loaded instanceof HasMetadata resource)) {
      throw new IllegalArgumentException("not a Kubernetes object: " + loaded);
    }
    if (!(resource instanceof GenericKubernetesResource)) {
      assertNoAdditionalProperties(resource, resource.getKind());
    }
    return resource;
  }

  /**
   * Second line of defence: nothing anywhere in a typed object went to a catch-all map (fabric8
   * also puts a value of the wrong type there instead of failing).
   */
  private static void assertNoAdditionalProperties(Object value, String path) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        assertNoAdditionalProperties(item, path + "[" + i++ + "]");
      }
      return;
    }
    if (value instanceof Map<?, ?> entries) {
      entries.forEach((k, v) -> assertNoAdditionalProperties(v, path + "." + k));
      return;
    }
    if (!(value instanceof KubernetesResource) || value instanceof GenericKubernetesResource) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object property;
      try {
        property = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
          throw new IllegalArgumentException(path + ": unknown field(s) " + extra.keySet());
        }
        continue;
      }
      assertNoAdditionalProperties(property, path + "." + decapitalize(getter.getName()));
    }
  }

  private static String decapitalize(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }

  /** No {@code @JsonAnySetter} on the typed model classes: their unknown fields are errors. */
  private static final class NoCatchAllForModelClasses extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
      if (annotated instanceof AnnotatedMember member
          && member.getDeclaringClass().getName().startsWith("io.fabric8.kubernetes.api.model")
          && !GenericKubernetesResource.class.isAssignableFrom(member.getDeclaringClass())) {
        return Boolean.FALSE;
      }
      return super.hasAnySetter(config, annotated);
    }
  }
}
