package io.dataexport.gateway.export;

/** Length limits on request fields; the proto file's comments state the same numbers. */
final class Limits {
  static final int EMAIL = 320;
  static final int REASON = 1000;
  static final int ID = 128;
  static final int IDS = 1000;
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  private Limits() {}
}
