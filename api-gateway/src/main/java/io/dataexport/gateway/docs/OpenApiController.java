package io.dataexport.gateway.docs;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the API's OpenAPI document, docs/openapi.yaml, which the build copies into the jar as
 * {@value #RESOURCE}. Static serving would find it there too, but neither Spring nor Tomcat knows a
 * media type for {@code .yaml}, so it would go out as {@code application/octet-stream}.
 */
@RestController
public class OpenApiController {

  public static final String PATH = "/openapi.yaml";
  public static final String RESOURCE = "static/openapi.yaml";
  public static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

  private final Resource document = new ClassPathResource(RESOURCE);

  @GetMapping(PATH)
  public ResponseEntity<Resource> document() {
    return ResponseEntity.ok().contentType(APPLICATION_YAML).body(document);
  }
}
