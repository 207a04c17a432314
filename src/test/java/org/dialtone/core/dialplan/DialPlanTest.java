package org.dialtone.core.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.junit.jupiter.api.Test;

class DialPlanTest {
    private static final String C1 = "1000001";
    private static final String C2 = "2000002";
    private final DialPlan plan;

    DialPlanTest() {
        List<Extension> extensions = List.of(ext(C1, "200"), ext(C1, "201"), ext(C1, "202"), ext(C2, "200"));
        Directory directory = new Directory(new CustomerRepository() {
            @Override public void upsertCustomer(Customer customer) { }
            @Override public Optional<Customer> findCustomer(String code) { return Optional.empty(); }
            @Override public List<Customer> customers() { return List.of(new Customer(C1, "One"), new Customer(C2, "Two")); }
            @Override public void upsertExtension(Extension extension) { }
            @Override public Optional<Extension> findExtension(String c, String n) { return Optional.empty(); }
            @Override public Optional<Extension> findExtensionBySipUsername(String u) { return Optional.empty(); }
            @Override public List<Extension> extensions(String c) {
                return extensions.stream().filter(e -> e.customerCode().equals(c)).toList();
            }
            @Override public void upsertToken(ApiToken token) { }
            @Override public Optional<ApiToken> findTokenByHash(String h) { return Optional.empty(); }
            @Override public List<String> disabledCustomers() { return List.of(); }
            @Override public Removal removeCustomer(String code) { return Removal.ABSENT; }
            @Override public void deleteExtension(String c, String n) { }
            @Override public List<ApiToken> tokens(String c) { return List.of(); }
            @Override public void deleteToken(String hash) { }
        });
        directory.reload();
        plan = new DialPlan(directory, n -> n.matches("70[1-9]|710"));
        RingGroup sales = new RingGroup(C1, "600", "Sales", List.of("200", "201", "299"), Duration.ofSeconds(20));
        plan.update(List.of(
                new CustomerRouting(C1, "1", "+12025550100", List.of("carrier1", "carrier2"),
                        Map.of("201", "+12025550121"), List.of(sales))),
                List.of(new Did("+12025550100", C1, "600"), new Did("+12025550111", C1, "201")));
    }

    private static Extension ext(String customer, String number) {
        return new Extension(customer, number, "Name " + number, customer + "-" + number, null);
    }

    @Test
    void extensionsSpotsGroupsAndOutsideNumbers() {
        assertThat(plan.resolve(C1, "201")).isInstanceOfSatisfying(Destination.ToExtension.class,
                d -> assertThat(d.extension().number()).isEqualTo("201"));
        assertThat(plan.resolve(C1, "703")).isEqualTo(new Destination.ToSpot("703"));
        assertThat(plan.resolve(C1, "600")).isInstanceOfSatisfying(Destination.ToRingGroup.class, d -> {
            assertThat(d.group().name()).isEqualTo("Sales");
            assertThat(d.members()).as("members that exist").extracting(Extension::number).containsExactly("200", "201");
        });
        assertThat(plan.resolve(C1, "8003569377"))
                .isEqualTo(new Destination.ToOutside("+18003569377", List.of("carrier1", "carrier2")));
        assertThat(plan.resolve(C1, "+4930123456"))
                .isEqualTo(new Destination.ToOutside("+4930123456", List.of("carrier1", "carrier2")));
        assertThat(plan.resolve(C1, "999")).isEqualTo(new Destination.Nowhere("999"));
    }

    @Test
    void aCustomerWithoutTrunksReachesNoOutsideNumberAndNoOtherCustomersGroup() {
        assertThat(plan.resolve(C2, "+18003569377")).isEqualTo(new Destination.Nowhere("+18003569377"));
        assertThat(plan.resolve(C2, "600")).isEqualTo(new Destination.Nowhere("600"));
        assertThat(plan.resolve(C2, "201")).isEqualTo(new Destination.Nowhere("201"));
        assertThat(plan.resolve(C2, "200")).isInstanceOf(Destination.ToExtension.class);
    }

    @Test
    void didsAndCallerIds() {
        assertThat(plan.did("+12025550111")).contains(new Did("+12025550111", C1, "201"));
        assertThat(plan.did("+12025550199")).isEmpty();
        assertThat(plan.outsideCallerNumber(C1, "201")).as("own number").isEqualTo("+12025550121");
        assertThat(plan.outsideCallerNumber(C1, "200")).as("main number").isEqualTo("+12025550100");
        assertThat(plan.outsideCallerNumber(C2, "200")).isNull();
    }

    @Test
    void updateReplacesTheRoutingWhole() {
        plan.update(List.of(), List.of());
        assertThat(plan.resolve(C1, "600")).isEqualTo(new Destination.Nowhere("600"));
        assertThat(plan.did("+12025550111")).isEmpty();
    }
}
