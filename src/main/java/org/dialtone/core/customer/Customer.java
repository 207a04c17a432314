package org.dialtone.core.customer;

/** A tenant of the switch (a PBX context), identified by its 7-digit customer code. */
public record Customer(String code, String name) {
    public Customer {
        if (code == null || !code.matches("\\d{7}")) throw new IllegalArgumentException("customer_code must be 7 digits");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("customer name must not be empty");
    }
}
