package io.dataexport.export.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/mongodb/export-jobs-indexes.js, the index script an operator applies, says what the
 * services create at start-up: ExportJobIndexes runs here against a collection that only records
 * what it is asked to create, and the script's index block must list the same indexes — names, keys
 * in order with their directions, unique, sparse.
 */
class MongoIndexScriptTest {

  private static final Path SCRIPT =
      Path.of("..", "deploy", "mongodb", "export-jobs-indexes.js").toAbsolutePath().normalize();

  @Test
  void theScriptCreatesTheIndexesTheServicesCreate() throws Exception {
    assertThat(scriptIndexes()).isEqualTo(serviceIndexes());
  }

  @Test
  void theScriptNamesTheServicesCollection() throws Exception {
    assertThat(Files.readString(SCRIPT))
        .contains("const collectionName = \"" + MongoExportJobStore.COLLECTION + "\";");
  }

  /** name -> {key, unique, sparse} as ExportJobIndexes creates them. */
  private static Map<String, Map<String, Object>> serviceIndexes() {
    Map<String, Map<String, Object>> created = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    MongoCollection<Document> recorder =
        (MongoCollection<Document>)
            Proxy.newProxyInstance(
                MongoCollection.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("createIndex")
                      && args.length == 2
                      && args[1] instanceof IndexOptions options) {
                    Map<String, Object> keys = new LinkedHashMap<>();
                    ((Bson) args[0])
                        .toBsonDocument()
                        .forEach((k, v) -> keys.put(k, v.asNumber().intValue()));
                    created.put(
                        options.getName(), index(keys, options.isUnique(), options.isSparse()));
                    return options.getName();
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    new ExportJobIndexes(recorder).create();
    return created;
  }

  /** The JSON array between BEGIN INDEXES and END INDEXES in the script. */
  private static Map<String, Map<String, Object>> scriptIndexes() throws Exception {
    String script = Files.readString(SCRIPT);
    int begin = script.indexOf("const indexes = ", script.indexOf("// BEGIN INDEXES"));
    int end = script.indexOf("// END INDEXES");
    assertThat(begin).isPositive();
    String array = script.substring(begin + "const indexes = ".length(), end).strip();
    array = array.substring(0, array.lastIndexOf(';'));
    Map<String, Map<String, Object>> listed = new LinkedHashMap<>();
    for (JsonNode index : JsonMapper.builder().build().readTree(array)) {
      Map<String, Object> keys = new LinkedHashMap<>();
      index.get("key").properties().forEach(e -> keys.put(e.getKey(), e.getValue().asInt()));
      listed.put(
          index.get("name").asString(),
          index(
              keys, index.path("unique").asBoolean(false), index.path("sparse").asBoolean(false)));
    }
    return listed;
  }

  private static Map<String, Object> index(
      Map<String, Object> keys, boolean unique, boolean sparse) {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("key", new ArrayList<>(keys.entrySet()).toString());
    index.put("unique", unique);
    index.put("sparse", sparse);
    return index;
  }
}
