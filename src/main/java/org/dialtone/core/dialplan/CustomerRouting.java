package org.dialtone.core.dialplan;

import java.util.List;
import java.util.Map;

/**
 * How one customer reaches the telephone network.
 *
 * @param countryCode        default country code for normalising dialled numbers to E.164 (digits, no +); null: none
 * @param mainNumber         E.164 number shown as caller id on outside calls; null: none
 * @param outboundTrunks     trunk names in the order they are tried (failover); empty: no outside calls
 * @param extensionCallerIds extension number → E.164 caller-id number for its outside calls (overrides mainNumber)
 * @param ringGroups         the customer's ring groups
 */
public record CustomerRouting(String customerCode, String countryCode, String mainNumber, List<String> outboundTrunks,
                              Map<String, String> extensionCallerIds, List<RingGroup> ringGroups) {
    public CustomerRouting {
        outboundTrunks = List.copyOf(outboundTrunks);
        extensionCallerIds = Map.copyOf(extensionCallerIds);
        ringGroups = List.copyOf(ringGroups);
    }

    public static CustomerRouting none(String customerCode) {
        return new CustomerRouting(customerCode, null, null, List.of(), Map.of(), List.of());
    }
}
