package io.dataexport.gateway.protocol;

/** What the transport knows of a call before its body is read. */
public record CallContext(String apiKey, String clientAddress, String requestId) {

  @Override
  public String toString() {
    return "CallContext[clientAddress=" + clientAddress + ", requestId=" + requestId + "]";
  }
}
