package io.dataexport.gateway.protocol;

import static io.dataexport.gateway.api.ApiException.invalid;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict JSON for the API's messages. Before protobuf's own parser sees a body, every field is
 * checked against the message descriptor, so that an unknown field, a wrong type or a bad value is
 * refused with the field's name and the rule, instead of protobuf's generic parse error. Field
 * names are accepted in snake_case (the API's) and lowerCamelCase (proto3 JSON's).
 */
public final class ProtoJson {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  // The /v2 API prints every field, defaults included, so scripts never meet a missing key.
  private static final JsonFormat.Printer PRINTER_WITH_DEFAULTS =
      PRINTER.alwaysPrintFieldsWithNoPresence();

  private ProtoJson() {}

  public static <M extends Message> M read(byte[] body, M prototype) {
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new ApiException(
          ErrorCode.INVALID_ARGUMENT, "request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      root = MAPPER.createObjectNode();
    }
    if (!root.isObject()) {
      throw new ApiException(ErrorCode.INVALID_ARGUMENT, "request body must be a JSON object");
    }
    checkObject(root, prototype.getDescriptorForType(), "");
    Message.Builder builder = prototype.newBuilderForType();
    try {
      PARSER.merge(text.isBlank() ? "{}" : text, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new ApiException(ErrorCode.INVALID_ARGUMENT, "request body: " + e.getMessage());
    }
    @SuppressWarnings("unchecked")
    M message = (M) builder.build();
    return message;
  }

  /** Connect's JSON: fields with default values are left out, as proto3 JSON does. */
  public static String write(Message message) {
    return print(PRINTER, message);
  }

  /** The /v2 API's JSON: every field, defaults included. */
  public static String writeWithDefaults(Message message) {
    return print(PRINTER_WITH_DEFAULTS, message);
  }

  private static String print(JsonFormat.Printer printer, Message message) {
    try {
      return printer.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("our own messages always print", e);
    }
  }

  private static void checkObject(JsonNode object, Descriptor descriptor, String prefix) {
    Map<String, FieldDescriptor> fields =
        descriptor.getFields().stream()
            .flatMap(f -> Stream.of(Map.entry(f.getName(), f), Map.entry(f.getJsonName(), f)))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      FieldDescriptor field = fields.get(entry.getKey());
      if (field == null) {
        throw invalid(
            prefix + entry.getKey(), "unknown field; this request takes " + fieldList(descriptor));
      }
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        continue;
      }
      String name = prefix + field.getName();
      if (field.isRepeated()) {
        if (!value.isArray()) {
          throw invalid(name, "must be an array");
        }
        for (int i = 0; i < value.size(); i++) {
          checkValue(field, value.get(i), name + "[" + i + "]");
        }
      } else {
        checkValue(field, value, name);
      }
    }
  }

  private static void checkValue(FieldDescriptor field, JsonNode value, String name) {
    switch (field.getJavaType()) {
      case STRING -> {
        if (!value.isString()) {
          throw invalid(name, "must be a string");
        }
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw invalid(name, "must be true or false");
        }
      }
      case INT, LONG -> {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
          throw invalid(name, "must be an integer");
        }
      }
      case ENUM -> checkEnum(field, value, name);
      case MESSAGE -> checkMessage(field, value, name);
      default -> throw new IllegalStateException("field type not used by the API: " + field);
    }
  }

  private static void checkEnum(FieldDescriptor field, JsonNode value, String name) {
    String allowed =
        field.getEnumType().getValues().stream()
            .map(EnumValueDescriptor::getName)
            .filter(n -> !n.endsWith("_UNSPECIFIED"))
            .collect(Collectors.joining(", "));
    if (!value.isString() || field.getEnumType().findValueByName(value.asString()) == null) {
      throw invalid(name, "must be one of " + allowed);
    }
  }

  private static void checkMessage(FieldDescriptor field, JsonNode value, String name) {
    if (field.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName())) {
      if (!value.isString()) {
        throw invalid(name, "must be an RFC 3339 date-time string, like 2024-01-31T09:00:00Z");
      }
      try {
        Timestamps.parse(value.asString());
        // Timestamps.parse is lenient about the calendar (2026-13-01 rolls over to 2027-01-01):
        // the date and time must also exist as written.
        OffsetDateTime.parse(value.asString(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (ParseException | IllegalArgumentException | DateTimeParseException e) {
        throw invalid(name, "must be an RFC 3339 date-time, like 2024-01-31T09:00:00Z");
      }
      return;
    }
    if (!value.isObject()) {
      throw invalid(name, "must be an object");
    }
    checkObject(value, field.getMessageType(), name + ".");
  }

  private static String fieldList(Descriptor descriptor) {
    return descriptor.getFields().stream()
        .map(FieldDescriptor::getName)
        .collect(Collectors.joining(", "));
  }
}
