package org.dialtone.core.dialplan;

import static org.assertj.core.api.Assertions.assertThat;

import org.dialtone.core.trunk.NumberFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutsideNumbersTest {

    @ParameterizedTest(name = "{0} with country code {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
            "+18003569377, 1, +18003569377",
            "+4930123456, none, +4930123456",
            "004930123456, 1, +4930123456",
            "8003569377, 1, +18003569377",
            "18003569377, 1, +18003569377",
            "030123456, 49, +4930123456",
            "0201234567, 44, +44201234567",
            "8003569377, none, none",          // no country code: only + and 00 forms
            "030123456, none, none",
            "201, 1, none",                    // an extension-like number is not outside
            "0800123, 1, none",                // NANP numbers never start with 0
            "1234567, 49, none",               // not national (no trunk prefix 0)
            "+12, 1, none",                    // too short
            "+1234567890123456, 1, none",      // too long (16 digits)
            "+0123456789, 1, none",            // country codes never start with 0
            "+1800*356, 1, none",
            "'', 1, none",
    })
    void normalisesToE164(String dialled, String countryCode, String expected) {
        assertThat(OutsideNumbers.toE164(dialled, countryCode).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} as {1} (country {2}) -> {3}")
    @CsvSource(nullValues = "none", value = {
            "+18003569377, E164_PLUS, 1, +18003569377",
            "+18003569377, E164, 1, 18003569377",
            "+18003569377, NATIONAL, 1, 8003569377",
            "+4930123456, NATIONAL, 49, 030123456",
            "+4930123456, NATIONAL, 1, 004930123456",    // another country stays international
            "+4930123456, NATIONAL, none, 004930123456",
    })
    void formatsForACarrier(String e164, NumberFormat format, String countryCode, String expected) {
        assertThat(OutsideNumbers.format(e164, format, countryCode)).isEqualTo(expected);
    }
}
