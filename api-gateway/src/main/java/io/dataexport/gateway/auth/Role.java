package io.dataexport.gateway.auth;

/** What an API key may do. */
public enum Role {
  /** Everything: create, cancel and download exports, and read them. */
  ADMIN(true),
  /** Read-only review of exports and tasks; cannot start, cancel or download an export. */
  AUDITOR(false);

  private final boolean mayExport;

  Role(boolean mayExport) {
    this.mayExport = mayExport;
  }

  public boolean mayExport() {
    return mayExport;
  }

  /** Whether the role may list, issue, rotate and revoke its enterprise's API keys. */
  public boolean mayManageKeys() {
    return this == ADMIN;
  }
}
