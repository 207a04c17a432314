package org.dialtone.core.dialplan;

/**
 * A number of the telephone network (E.164 with {@code +}) that belongs to one customer; calls to it from a trunk
 * go to {@code destination}: one of the customer's extensions, ring groups or parking spots.
 */
public record Did(String number, String customerCode, String destination) {}
