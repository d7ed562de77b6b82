package io.dataexport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Timestamp;
import io.dataexport.api.v1.ApiKeyRole;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportApiProto;
import io.dataexport.api.v1.ExportRecord;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.api.v1.Member;
import io.dataexport.api.v1.Task;
import io.dataexport.api.v1.WorkspaceExportStatus;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.auth.ApiKeyAuthenticator;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.ApiKeyStore.Grant;
import io.dataexport.gateway.auth.Role;
import io.dataexport.gateway.caller.CallerService;
import io.dataexport.gateway.docs.OpenApiController;
import io.dataexport.gateway.export.ExportService;
import io.dataexport.gateway.keys.ApiKeyService;
import io.dataexport.gateway.limit.RateLimitProperties;
import io.dataexport.gateway.limit.RequestRateLimiter;
import io.dataexport.gateway.member.MemberSearchService;
import io.dataexport.gateway.protocol.CallContext;
import io.dataexport.gateway.protocol.RequestIdFilter;
import io.dataexport.gateway.protocol.RpcDispatcher;
import io.dataexport.gateway.protocol.RpcMethod;
import io.dataexport.gateway.protocol.RpcMethods;
import io.dataexport.gateway.protocol.V2Controller;
import io.dataexport.gateway.request.Limits;
import io.dataexport.gateway.request.RequestFields;
import io.dataexport.gateway.task.TaskService;
import io.dataexport.gateway.workspace.WorkspaceExportService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps docs/openapi.yaml true to the API: it documents exactly the /v2 operations of {@link
 * RpcMethods}, under their Connect names, with exactly the fields (and field types) of the proto
 * messages and exactly the proto enum values, and exactly the request headers each operation uses;
 * and the gateway serves that very file.
 */
class OpenApiDocumentTest {

  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
  private static final String V2 = "/v2/";
  private static final String SCHEMAS = "#/components/schemas/";

  private static final ServiceDescriptor SERVICE =
      ExportApiProto.getDescriptor().findServiceByName("EnterpriseDataExportService");
  private static final List<EnumDescriptor> PROTO_ENUMS =
      List.of(
          ExportStatus.getDescriptor(),
          EnterpriseExportScope.getDescriptor(),
          ApiKeyRole.getDescriptor(),
          WorkspaceExportStatus.getDescriptor());

  /**
   * Proto enums the REST routes also print in their own spelling (lower case, without the enum's
   * prefix: WORKSPACE_EXPORT_STATUS_PENDING is pending).
   */
  private static final List<EnumDescriptor> REST_ENUMS =
      List.of(WorkspaceExportStatus.getDescriptor());

  /**
   * Messages that are components of their own: the API's records, referenced by the responses (and
   * every message their fields reference in turn, such as ExportProgress, is checked as it is met).
   */
  private static final List<Descriptor> SHARED_MESSAGES =
      List.of(ExportRecord.getDescriptor(), Task.getDescriptor(), Member.getDescriptor());

  /** What a probed request header answers: its value names it, so it can be traced to its use. */
  private static final String PROBE = "probe:";

  // RpcMethods binds method references such as exports::create, which throw on a null receiver;
  // a mock is never called here, it only lets the table be built.
  private final List<RpcMethod<?, ?>> methods =
      new RpcMethods(
              mock(ExportService.class),
              mock(TaskService.class),
              mock(MemberSearchService.class),
              mock(CallerService.class),
              mock(ApiKeyService.class),
              mock(WorkspaceExportService.class))
          .all();
  private final Map<String, Object> doc = load();
  private final Set<String> checkedMessages = new java.util.HashSet<>();

  @Test
  void documentsExactlyTheV2OperationsOfTheGateway() {
    Set<String> documented =
        map(doc, "paths").keySet().stream()
            .filter(p -> p.startsWith(V2))
            .collect(Collectors.toSet());
    Set<String> served = methods.stream().map(m -> V2 + m.v2Name()).collect(Collectors.toSet());

    assertThat(documented).isEqualTo(served);
    assertThat(methods.stream().map(RpcMethod::connectName))
        .as("every rpc of the proto service is an operation of the gateway")
        .containsExactlyInAnyOrderElementsOf(
            SERVICE.getMethods().stream().map(MethodDescriptor::getName).toList());
  }

  @Test
  void eachOperationIsAPostNamedByItsConnectMethod() {
    for (RpcMethod<?, ?> method : methods) {
      Map<String, Object> pathItem = map(map(doc, "paths"), V2 + method.v2Name());
      assertThat(pathItem.keySet()).as(method.v2Name()).containsExactly("post");
      Map<String, Object> operation = map(pathItem, "post");
      assertThat(operation.get("operationId")).as(method.v2Name()).isEqualTo(method.connectName());
      assertThat(operation.get("summary")).as(method.v2Name() + " summary").isNotNull();
      assertThat(operation.get("description")).as(method.v2Name() + " description").isNotNull();
    }
  }

  @Test
  void requestSchemasHoldExactlyTheFieldsOfTheRequestMessages() {
    for (RpcMethod<?, ?> method : methods) {
      Descriptor request = method.requestPrototype().getDescriptorForType();
      assertThat(request).isEqualTo(SERVICE.findMethodByName(method.connectName()).getInputType());
      Map<String, Object> operation = map(map(map(doc, "paths"), V2 + method.v2Name()), "post");
      Map<String, Object> schema =
          resolve(
              map(
                  map(map(map(operation, "requestBody"), "content"), "application/json"),
                  "schema"));

      assertFields(method.v2Name() + " request", schema, request, Set.of());
    }
  }

  @Test
  void responseSchemasHoldOkRequestIdAndTheFieldsOfTheResponseMessages() {
    for (RpcMethod<?, ?> method : methods) {
      Descriptor response = SERVICE.findMethodByName(method.connectName()).getOutputType();
      Map<String, Object> operation = map(map(map(doc, "paths"), V2 + method.v2Name()), "post");
      Map<String, Object> ok = resolve(map(map(operation, "responses"), "200"));
      Map<String, Object> schema =
          resolve(map(map(map(ok, "content"), "application/json"), "schema"));

      assertFields(method.v2Name() + " response", schema, response, Set.of("ok", "request_id"));
      assertThat(list(schema, "required"))
          .as(method.v2Name() + " response required")
          .contains("ok", "request_id");
    }
  }

  @Test
  void sharedMessagesHoldExactlyTheirProtoFields() {
    for (Descriptor message : SHARED_MESSAGES) {
      assertFields(
          message.getName(),
          map(map(map(doc, "components"), "schemas"), message.getName()),
          message,
          Set.of());
    }
  }

  @Test
  void enumsAreTheProtoEnumsWithoutUnspecified() {
    Map<String, Object> schemas = map(map(doc, "components"), "schemas");
    for (EnumDescriptor protoEnum : PROTO_ENUMS) {
      assertThat(list(map(schemas, protoEnum.getName()), "enum"))
          .as(protoEnum.getName())
          .containsExactlyElementsOf(valuesWithoutUnspecified(protoEnum));
    }
    // No other copy of an enum anywhere in the document may drift: every enum is one of the proto
    // enums (or its REST spelling), except the error codes, which must be the gateway's.
    Set<String> errorCodes =
        Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).collect(Collectors.toSet());
    List<List<String>> protoValues =
        new ArrayList<>(
            PROTO_ENUMS.stream().map(OpenApiDocumentTest::valuesWithoutUnspecified).toList());
    REST_ENUMS.forEach(e -> protoValues.add(restValues(e)));
    List<Object> errorEnum = list(map(map(map(schemas, "Error"), "properties"), "code"), "enum");
    assertThat(errorEnum).as("Error.code enum").isNotEmpty();
    assertThat(errorCodes)
        .as("Error.code enum")
        .containsAll(errorEnum.stream().map(String::valueOf).toList());
    for (List<?> found : enumsIn(doc)) {
      if (found != errorEnum) {
        assertThat(protoValues)
            .as("an enum in the document")
            .contains(found.stream().map(String::valueOf).toList());
      }
    }
  }

  @Test
  void errorResponsesUseTheErrorSchemaWithTheirCodesStatus() {
    for (RpcMethod<?, ?> method : methods) {
      Map<String, Object> responses =
          map(map(map(map(doc, "paths"), V2 + method.v2Name()), "post"), "responses");
      assertThat(responses.keySet())
          .as(method.v2Name() + " responses")
          .contains("200", "400", "401", "500");
      for (Map.Entry<String, Object> entry : responses.entrySet()) {
        String where = method.v2Name() + " " + entry.getKey();
        Map<String, Object> response = resolve(cast(entry.getValue()));
        assertThat(map(response, "headers"))
            .as(where + " headers")
            .containsKey(RequestIdFilter.HEADER);
        if (entry.getKey().equals("200")) {
          continue;
        }
        Map<String, Object> json = map(map(response, "content"), "application/json");
        assertThat(map(json, "schema")).as(where).isEqualTo(Map.of("$ref", SCHEMAS + "Error"));
        List<Object> examples = new ArrayList<>();
        if (json.containsKey("example")) {
          examples.add(json.get("example"));
        }
        if (json.containsKey("examples")) {
          map(json, "examples").values().forEach(e -> examples.add(cast(e).get("value")));
        }
        assertThat(examples).as(where + " examples").isNotEmpty();
        for (Object example : examples) {
          Map<String, Object> body = cast(example);
          assertThat(body.keySet())
              .as(where)
              .containsExactly("ok", "request_id", "code", "message");
          assertThat(body.get("ok")).as(where).isEqualTo(false);
          ErrorCode code =
              Arrays.stream(ErrorCode.values())
                  .filter(c -> c.wireName().equals(body.get("code")))
                  .findFirst()
                  .orElseThrow(
                      () -> new AssertionError(where + ": unknown code " + body.get("code")));
          assertThat(String.valueOf(code.httpStatus()))
              .as(where + " status of " + code.wireName())
              .isEqualTo(entry.getKey());
        }
      }
    }
  }

  @Test
  void securitySchemeIsTheApiKeyHeader() {
    Map<String, Object> scheme = map(map(map(doc, "components"), "securitySchemes"), "ApiKey");
    assertThat(scheme)
        .containsEntry("type", "apiKey")
        .containsEntry("in", "header")
        .containsEntry("name", ApiKeyAuthenticator.HEADER);
    assertThat(list(doc, "security")).isEqualTo(List.of(Map.of("ApiKey", List.of())));
  }

  /**
   * Every request header the gateway reads and passes on is documented where it matters: the one
   * that reaches the API key check is the security scheme's, and each one that reaches an
   * operation's service is a header parameter of that operation; and no operation documents a
   * header its service never gets. Found by calling each /v2 operation through the real controller
   * with a request that answers any header asked for with a value naming it, and tracing where
   * those values went.
   */
  @Test
  void everyRequestHeaderTheGatewayUsesIsDocumentedWhereItIsUsed() {
    ApiKeyStore keys = mock(ApiKeyStore.class);
    when(keys.verify(any(), any())).thenReturn(Optional.of(new Grant("k1", "ent_1", Role.ADMIN)));
    ExportService exports = mock(ExportService.class, OpenApiDocumentTest::defaultResponse);
    TaskService tasks = mock(TaskService.class, OpenApiDocumentTest::defaultResponse);
    ApiKeyService apiKeys = mock(ApiKeyService.class, OpenApiDocumentTest::defaultResponse);
    MemberSearchService members =
        mock(MemberSearchService.class, OpenApiDocumentTest::defaultResponse);
    CallerService callers = mock(CallerService.class, OpenApiDocumentTest::defaultResponse);
    WorkspaceExportService workspaceExports =
        mock(WorkspaceExportService.class, OpenApiDocumentTest::defaultResponse);
    RpcMethods table = new RpcMethods(exports, tasks, members, callers, apiKeys, workspaceExports);
    V2Controller controller =
        new V2Controller(
            table,
            new RpcDispatcher(
                new ApiKeyAuthenticator(keys, java.time.Clock.systemUTC()),
                new RequestRateLimiter(
                    new RateLimitProperties(false, null, null, null), new SimpleMeterRegistry()),
                event -> {},
                new SimpleMeterRegistry()));
    String securityHeader =
        (String) map(map(map(doc, "components"), "securitySchemes"), "ApiKey").get("name");

    Set<String> authenticatedWith = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (RpcMethod<?, ?> method : table.all()) {
      ProbingRequest http = new ProbingRequest();
      clearInvocations(keys, exports, tasks, members, callers, apiKeys, workspaceExports);

      var answer = controller.call(method.v2Name(), http);

      assertThat(answer.getStatusCode().value()).as(method.v2Name() + ": " + answer).isEqualTo(200);
      assertThat(http.headerNamesRead)
          .as(method.v2Name() + " reads no header list")
          .doesNotContain("*");
      Set<String> reachedKeyCheck = probedHeadersIn(keys);
      Set<String> reachedService = probedHeadersIn(exports);
      reachedService.addAll(probedHeadersIn(tasks));
      reachedService.addAll(probedHeadersIn(apiKeys));
      reachedService.addAll(probedHeadersIn(members));
      reachedService.addAll(probedHeadersIn(callers));
      reachedService.addAll(probedHeadersIn(workspaceExports));
      assertThat(http.headerNamesRead)
          .as(method.v2Name() + ": the headers whose values went somewhere were read")
          .containsAll(reachedKeyCheck)
          .containsAll(reachedService);
      authenticatedWith.addAll(reachedKeyCheck);

      assertThat(new java.util.TreeSet<>(documentedHeaderParameters(method.v2Name()).keySet()))
          .as(
              method.v2Name()
                  + ": the header parameters documented are exactly the headers its service gets")
          .isEqualTo(new java.util.TreeSet<>(reachedService));
    }
    assertThat(authenticatedWith)
        .as("the header the API key is taken from is the security scheme's")
        .containsExactly(securityHeader);
    assertThat(documentedHeaderParameters("enterprise.export.create"))
        .as("the probe found the create's Idempotency-Key")
        .containsKey(CallContext.IDEMPOTENCY_KEY_HEADER);
  }

  @Test
  void theIdempotencyKeyParameterStatesTheGatewaysRule() {
    Map<String, Object> parameter =
        documentedHeaderParameters("enterprise.export.create")
            .get(CallContext.IDEMPOTENCY_KEY_HEADER);
    assertThat(parameter.get("required")).isEqualTo(false);
    assertThat(parameter.get("description")).isNotNull();
    Map<String, Object> schema = map(parameter, "schema");
    assertThat(schema.get("type")).isEqualTo("string");
    assertThat(schema.get("minLength")).isEqualTo(1);
    assertThat(schema.get("maxLength")).isEqualTo(Limits.IDEMPOTENCY_KEY);
    java.util.regex.Pattern pattern =
        java.util.regex.Pattern.compile((String) schema.get("pattern"));
    for (String key :
        List.of(
            "2f1e6c0a-8b4d-4f7e-9c3a-5d6b7e8f9a0b",
            "k",
            "~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}",
            "k".repeat(Limits.IDEMPOTENCY_KEY),
            "k".repeat(Limits.IDEMPOTENCY_KEY + 1),
            "",
            "with space",
            "tab\tkey",
            "caf\u00e9",
            "line\nbreak",
            "del\u007f")) {
      boolean documented =
          pattern.matcher(key).find()
              && key.length() >= 1
              && key.length() <= Limits.IDEMPOTENCY_KEY;
      boolean accepted;
      try {
        RequestFields.idempotencyKey(key);
        accepted = true;
      } catch (ApiException e) {
        accepted = false;
      }
      assertThat(documented)
          .as("documented rule for %s", key.replace("\n", "\\n"))
          .isEqualTo(accepted);
    }
  }

  /** The operation's header parameters, by name; their $refs resolved. */
  private Map<String, Map<String, Object>> documentedHeaderParameters(String v2Name) {
    Map<String, Object> operation = map(map(map(doc, "paths"), V2 + v2Name), "post");
    Map<String, Map<String, Object>> headers =
        new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Object parameters = operation.get("parameters");
    if (parameters == null) {
      return headers;
    }
    for (Object p : (List<?>) parameters) {
      Map<String, Object> parameter = resolve(cast(p));
      assertThat(parameter.get("in")).as(v2Name + " parameter " + parameter).isEqualTo("header");
      headers.put((String) parameter.get("name"), parameter);
    }
    return headers;
  }

  /** The headers whose probe values were passed to {@code mock}. */
  private static Set<String> probedHeadersIn(Object mock) {
    Set<String> headers = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (var invocation : mockingDetails(mock).getInvocations()) {
      for (Object argument : invocation.getArguments()) {
        if (argument instanceof String s && s.startsWith(PROBE)) {
          headers.add(s.substring(PROBE.length()));
        }
      }
    }
    return headers;
  }

  /** A service answer for any call: the empty response message. */
  private static Object defaultResponse(org.mockito.invocation.InvocationOnMock invocation)
      throws ReflectiveOperationException {
    return invocation.getMethod().getReturnType().getMethod("getDefaultInstance").invoke(null);
  }

  /** A /v2 call whose every header, whatever its name, is there and says which header it is. */
  private static final class ProbingRequest extends MockHttpServletRequest {

    final Set<String> headerNamesRead = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    ProbingRequest() {
      super("POST", "/v2/");
      setContentType("application/json");
      setContent("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      setRemoteAddr("10.0.0.7");
      setAttribute(RequestIdFilter.ATTRIBUTE, "req_probe");
    }

    @Override
    public String getHeader(String name) {
      headerNamesRead.add(name);
      return PROBE + name;
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
      return java.util.Collections.enumeration(List.of(getHeader(name)));
    }

    @Override
    public java.util.Enumeration<String> getHeaderNames() {
      headerNamesRead.add("*");
      return super.getHeaderNames();
    }
  }

  @Test
  void theGatewayServesTheCommittedFile() throws Exception {
    byte[] committed = Files.readAllBytes(DOCUMENT);
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(OpenApiController.RESOURCE)) {
      assertThat(in).as("classpath " + OpenApiController.RESOURCE).isNotNull();
      assertThat(in.readAllBytes()).as("packaged copy").isEqualTo(committed);
    }
    MockMvc mvc = MockMvcBuilders.standaloneSetup(new OpenApiController()).build();
    mvc.perform(get(OpenApiController.PATH))
        .andExpect(status().isOk())
        .andExpect(content().contentType(OpenApiController.APPLICATION_YAML))
        .andExpect(content().bytes(committed));
  }

  // ---- fields ----

  /**
   * The schema's properties are the message's fields plus {@code extra}, each of its field's type.
   */
  private void assertFields(
      String where, Map<String, Object> schema, Descriptor message, Set<String> extra) {
    assertThat(schema.get("type")).as(where).isEqualTo("object");
    Map<String, Object> properties = map(schema, "properties");
    Set<String> expected = new LinkedHashSet<>(extra);
    message.getFields().forEach(f -> expected.add(f.getName()));
    assertThat(properties.keySet()).as(where + " properties").isEqualTo(expected);
    if (schema.containsKey("required")) {
      assertThat(expected)
          .as(where + " required")
          .containsAll(list(schema, "required").stream().map(String::valueOf).toList());
    }
    for (FieldDescriptor field : message.getFields()) {
      Map<String, Object> property = cast(properties.get(field.getName()));
      String at = where + "." + field.getName();
      if (field.isRepeated()) {
        assertThat(resolve(property).get("type")).as(at).isEqualTo("array");
        assertElement(at + "[]", field, map(resolve(property), "items"));
      } else {
        assertElement(at, field, property);
      }
    }
  }

  private void assertElement(String at, FieldDescriptor field, Map<String, Object> property) {
    switch (field.getJavaType()) {
      case ENUM ->
          assertThat(property.get("$ref"))
              .as(at)
              .isEqualTo(SCHEMAS + field.getEnumType().getName());
      case MESSAGE -> {
        if (field.getMessageType().equals(Timestamp.getDescriptor())) {
          assertTypeAndFormat(at, resolve(property), "string", "date-time");
        } else {
          assertThat(property.get("$ref"))
              .as(at)
              .isEqualTo(SCHEMAS + field.getMessageType().getName());
          Descriptor message = field.getMessageType();
          if (checkedMessages.add(message.getFullName())) {
            assertFields(message.getName(), resolve(property), message, Set.of());
          }
        }
      }
      case STRING -> assertThat(resolve(property).get("type")).as(at).isEqualTo("string");
      case BOOLEAN -> assertThat(resolve(property).get("type")).as(at).isEqualTo("boolean");
      case INT -> assertTypeAndFormat(at, resolve(property), "integer", "int32");
      // proto3 JSON prints 64-bit integers as strings
      case LONG -> assertTypeAndFormat(at, resolve(property), "string", "int64");
      default ->
          throw new AssertionError(
              at + ": a field type the document test does not know: " + field.getJavaType());
    }
  }

  private static void assertTypeAndFormat(
      String at, Map<String, Object> schema, String type, String format) {
    assertThat(schema.get("type")).as(at + " type").isEqualTo(type);
    assertThat(schema.get("format")).as(at + " format").isEqualTo(format);
  }

  private static List<String> valuesWithoutUnspecified(EnumDescriptor protoEnum) {
    return protoEnum.getValues().stream()
        .map(EnumValueDescriptor::getName)
        .filter(name -> !name.endsWith("_UNSPECIFIED"))
        .toList();
  }

  /** The REST spelling of a proto enum's values: lower case, without the enum's prefix. */
  private static List<String> restValues(EnumDescriptor protoEnum) {
    String prefix = protoEnum.getValues().get(0).getName().replaceFirst("UNSPECIFIED$", "");
    return valuesWithoutUnspecified(protoEnum).stream()
        .map(name -> name.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT))
        .toList();
  }

  // ---- the YAML tree ----

  private static Map<String, Object> load() {
    try (InputStream in = Files.newInputStream(DOCUMENT)) {
      return new Yaml().load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DOCUMENT.toAbsolutePath(), e);
    }
  }

  /** The schema or response a local {@code $ref} points at, or the node itself. */
  private Map<String, Object> resolve(Map<String, Object> node) {
    Map<String, Object> current = node;
    for (int hops = 0; current.containsKey("$ref"); hops++) {
      assertThat(hops).as("$ref chain").isLessThan(10);
      String ref = (String) current.get("$ref");
      assertThat(ref).startsWith("#/");
      Map<String, Object> target = doc;
      for (String part : ref.substring(2).split("/")) {
        target = map(target, part);
      }
      current = target;
    }
    return current;
  }

  private static List<List<?>> enumsIn(Object node) {
    List<List<?>> found = new ArrayList<>();
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (key, value) -> {
            if ("enum".equals(key) && value instanceof List<?> values) {
              found.add(values);
            } else {
              found.addAll(enumsIn(value));
            }
          });
    } else if (node instanceof List<?> l) {
      l.forEach(item -> found.addAll(enumsIn(item)));
    }
    return found;
  }

  private static Map<String, Object> map(Map<String, Object> node, String key) {
    Object value = node.get(key);
    assertThat(value).as("document node " + key).isInstanceOf(Map.class);
    return cast(value);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> node, String key) {
    Object value = node.get(key);
    assertThat(value).as("document node " + key).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object node) {
    return (Map<String, Object>) node;
  }
}
