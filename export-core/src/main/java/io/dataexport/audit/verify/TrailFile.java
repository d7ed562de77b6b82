package io.dataexport.audit.verify;

import io.dataexport.audit.seal.AuditRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An exported audit trail: JSON lines, one record each, {@code {"partition":0,"offset":12,
 * "key":"ent_acme","value":"<the record's value>"}}. Key and value are the record's bytes as UTF-8
 * text, kept as strings (not parsed), so the digest's hash over them still holds.
 */
public final class TrailFile {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TrailFile() {}

  public static void write(Path file, Collection<List<AuditRecord>> partitions) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (List<AuditRecord> records : partitions) {
        for (AuditRecord record : records) {
          out.write(line(record));
          out.newLine();
        }
      }
    }
  }

  /** Records by partition, each list in the file's order (which the verifier checks). */
  public static Map<Integer, List<AuditRecord>> read(Path file) throws IOException {
    Map<Integer, List<AuditRecord>> records = new TreeMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        AuditRecord record = record(line, number);
        records.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
      }
    }
    return records;
  }

  static String line(AuditRecord record) {
    ObjectNode node = JSON.createObjectNode();
    node.put("partition", record.partition());
    node.put("offset", record.offset());
    node.put("key", text(record.key()));
    node.put("value", text(record.value()));
    return JSON.writeValueAsString(node);
  }

  private static AuditRecord record(String line, int number) {
    JsonNode node = JSON.readTree(line);
    if (!node.path("partition").isIntegralNumber() || !node.path("offset").isIntegralNumber()) {
      throw new IllegalArgumentException("line " + number + ": no partition or offset");
    }
    return new AuditRecord(
        node.get("partition").intValue(),
        node.get("offset").longValue(),
        bytes(node.get("key")),
        bytes(node.get("value")));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(JsonNode node) {
    return node == null || node.isNull()
        ? null
        : node.stringValue().getBytes(StandardCharsets.UTF_8);
  }
}
