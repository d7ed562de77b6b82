package io.dataexport.worker.archive;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code manifest.json.sig}: which key signed the manifest, and the signature of its exact bytes
 * (base64).
 */
public record ManifestSignature(
    @JsonProperty("key_id") String keyId, String algorithm, String signature) {}
