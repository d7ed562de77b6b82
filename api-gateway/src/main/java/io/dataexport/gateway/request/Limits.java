package io.dataexport.gateway.request;

/** Length limits on request fields; the proto file's comments state the same numbers. */
public final class Limits {
  public static final int EMAIL = 320;
  public static final int REASON = 1000;
  public static final int ID = 128;
  public static final int IDS = 1000;
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;
  public static final int PAGE_TOKEN = 512;
  public static final int IDEMPOTENCY_KEY = 255;

  private Limits() {}
}
