package io.dataexport.archive;

import java.net.URI;
import java.time.Instant;

public record SignedLink(URI url, Instant expiresAt) {}
