package org.dialtone.core.customer;

import java.util.List;
import java.util.Optional;

/** Customers, their extensions and API tokens. The database is the source of truth. */
public interface CustomerRepository {
    void upsertCustomer(Customer customer);
    Optional<Customer> findCustomer(String code);
    List<Customer> customers();

    void upsertExtension(Extension extension);
    Optional<Extension> findExtension(String customerCode, String number);
    Optional<Extension> findExtensionBySipUsername(String sipUsername);
    List<Extension> extensions(String customerCode);

    void upsertToken(ApiToken token);
    Optional<ApiToken> findTokenByHash(String tokenSha256);
}
