package io.dataexport.export.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.catalog.mongo.SourceIndexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/mongodb/source-indexes.js, the script the platform's operators apply, lists exactly the
 * source indexes the services declare (SourceIndexes): collections, names, keys in order.
 */
class SourceIndexScriptTest {

  private static final Path SCRIPT =
      Path.of("..", "deploy", "mongodb", "source-indexes.js").toAbsolutePath().normalize();

  @Test
  void theScriptCreatesTheIndexesTheServicesDeclare() throws Exception {
    List<String> declared = new ArrayList<>();
    for (SourceIndexes.Declared index : SourceIndexes.declared()) {
      Map<String, Integer> keys = new LinkedHashMap<>();
      index.keys().toBsonDocument().forEach((k, v) -> keys.put(k, v.asNumber().intValue()));
      declared.add(index.collection() + " " + index.name() + " " + keys);
    }
    assertThat(scriptIndexes()).isEqualTo(declared);
  }

  private static List<String> scriptIndexes() throws Exception {
    String script = Files.readString(SCRIPT);
    int begin = script.indexOf("const indexes = ", script.indexOf("// BEGIN INDEXES"));
    int end = script.indexOf("// END INDEXES");
    assertThat(begin).isPositive();
    String array = script.substring(begin + "const indexes = ".length(), end).strip();
    array = array.substring(0, array.lastIndexOf(';'));
    List<String> listed = new ArrayList<>();
    for (JsonNode index : JsonMapper.builder().build().readTree(array)) {
      Map<String, Integer> keys = new LinkedHashMap<>();
      index.get("key").properties().forEach(e -> keys.put(e.getKey(), e.getValue().asInt()));
      listed.add(
          index.get("collection").asString() + " " + index.get("name").asString() + " " + keys);
    }
    return listed;
  }
}
