package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.trunk.Trunk;
import org.junit.jupiter.api.Test;

class TrunkNumbersTest {
    private static Trunk trunk(NumberFormat format, String cc) {
        return TestTrunk.of("t", "192.0.2.1", 5060).format(format, cc).build();
    }

    @Test
    void a_leading_plus_is_kept_in_every_format() {
        for (NumberFormat f : NumberFormat.values()) {
            assertThat(TrunkNumbers.toE164("+4930123456", trunk(f, "49"))).contains("+4930123456");
        }
    }

    @Test
    void e164_without_plus_gets_one() {
        assertThat(TrunkNumbers.toE164("4930123456", trunk(NumberFormat.E164, null))).contains("+4930123456");
        assertThat(TrunkNumbers.toE164("4930123456", trunk(NumberFormat.E164_PLUS, null))).contains("+4930123456");
    }

    @Test
    void national_numbers_are_read_with_the_trunk_country_code() {
        assertThat(TrunkNumbers.toE164("030123456", trunk(NumberFormat.NATIONAL, "49"))).contains("+4930123456");
        assertThat(TrunkNumbers.toE164("2025550100", trunk(NumberFormat.NATIONAL, "1"))).contains("+12025550100");
        assertThat(TrunkNumbers.toE164("0033123456789", trunk(NumberFormat.NATIONAL, "49"))).contains("+33123456789");
    }

    @Test
    void the_international_prefix_is_understood_in_e164_formats_too() {
        assertThat(TrunkNumbers.toE164("004930123456", trunk(NumberFormat.E164, null))).contains("+4930123456");
    }

    @Test
    void separators_and_uri_parameters_are_ignored() {
        assertThat(TrunkNumbers.toE164("+1-202-555-0100;npdi", trunk(NumberFormat.E164_PLUS, null))).contains("+12025550100");
    }

    @Test
    void what_is_not_a_number_is_not_one() {
        Trunk t = trunk(NumberFormat.E164_PLUS, null);
        assertThat(TrunkNumbers.toE164("anonymous", t)).isEmpty();
        assertThat(TrunkNumbers.toE164("s", t)).isEmpty();
        assertThat(TrunkNumbers.toE164("+12", t)).isEmpty();
        assertThat(TrunkNumbers.toE164(null, t)).isEmpty();
        assertThat(TrunkNumbers.toE164("030123456", t)).as("national without a country code").isEmpty();
    }

    @Test
    void numbers_are_written_in_the_trunk_format_with_the_trunk_or_customer_country_code() {
        assertThat(TrunkNumbers.forTrunk("+4930123456", trunk(NumberFormat.E164_PLUS, null), "49")).isEqualTo("+4930123456");
        assertThat(TrunkNumbers.forTrunk("+4930123456", trunk(NumberFormat.E164, null), "49")).isEqualTo("4930123456");
        assertThat(TrunkNumbers.forTrunk("+4930123456", trunk(NumberFormat.NATIONAL, "49"), "1")).isEqualTo("030123456");
        assertThat(TrunkNumbers.forTrunk("+4930123456", trunk(NumberFormat.NATIONAL, null), "49")).isEqualTo("030123456");
        assertThat(TrunkNumbers.forTrunk("+12025550100", trunk(NumberFormat.NATIONAL, "1"), null)).isEqualTo("2025550100");
        assertThat(TrunkNumbers.forTrunk("+33123456789", trunk(NumberFormat.NATIONAL, "49"), null)).isEqualTo("0033123456789");
    }

    @Test
    void a_caller_number_that_is_no_number_is_kept_printable_and_short() {
        Trunk t = trunk(NumberFormat.NATIONAL, "1");
        assertThat(TrunkNumbers.callerNumber("2025550123", t)).isEqualTo("+12025550123");
        assertThat(TrunkNumbers.callerNumber("anonymous", t)).isEqualTo("anonymous");
        assertThat(TrunkNumbers.callerNumber("evil\r\nX-Injected: 1", t)).isEqualTo("evilX-Injected: 1");
        assertThat(TrunkNumbers.callerNumber("x".repeat(100), t)).hasSize(TrunkNumbers.MAX_CALLER_LENGTH);
        assertThat(TrunkNumbers.callerNumber(null, t)).isNull();
        assertThat(TrunkNumbers.printable("\u0007\t ")).isNull();
    }
}
