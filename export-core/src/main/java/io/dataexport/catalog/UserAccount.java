package io.dataexport.catalog;

/** A user as an export request resolves it: current or former member of the enterprise. */
public record UserAccount(String userId, String email, String name, boolean deleted) {}
