package org.dialtone.http.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.dialtone.core.call.CallHistoryQuery;
import org.dialtone.core.call.CallHistoryQuery.Position;
import org.dialtone.http.action.ApiFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallHistoryParamsTest {
    @Test void nothingGivenIsTheNewestFiftyOfTheCustomer() {
        assertThat(parse(Map.of())).isEqualTo(new CallHistoryQuery("1000001", null, null, null, null, 50, null));
    }

    @Test void everyParameterIsRead() {
        String cursor = HistoryCursor.encode(new Position(1_795_596_551_281L, 7));
        CallHistoryQuery q = parse(Map.of("from", "2026-12-01T10:00:00Z", "to", "1796119260.5", "extension", "226",
                "direction", "inbound", "limit", "500", "cursor", cursor));
        assertThat(q).isEqualTo(new CallHistoryQuery("1000001", Instant.parse("2026-12-01T10:00:00Z"),
                Instant.ofEpochMilli(1_796_119_260_500L), "226", "inbound", 500, new Position(1_795_596_551_281L, 7)));
    }

    @Test void timesMayCarryAnOffsetOrBeWholeEpochSeconds() {
        assertThat(parse(Map.of("from", "2026-12-01T12:00:00+02:00")).from())
                .isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(parse(Map.of("from", "0")).from()).isEqualTo(Instant.EPOCH);
    }

    @Test void emptyValuesCountAsAbsent() {
        assertThat(parse(Map.of("from", "", "to", "", "extension", "", "direction", "", "limit", "", "cursor", "")))
                .isEqualTo(new CallHistoryQuery("1000001", null, null, null, null, 50, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "from|yesterday", "from|2026-12-01", "from|2026-12-01T10:00:00", "from|-5", "from|1e9", "to|12:00",
            "to|2026-13-01T10:00:00Z", "extension|22a", "extension|+14155550000", "extension|123456789012345678901",
            "direction|INBOUND", "direction|sideways", "limit|0", "limit|501", "limit|-1", "limit|ten", "limit|1.5",
            "limit|99999999999", "cursor|nope"})
    void aBadValueIsInvalidFieldNamingIt(String field, String value) {
        assertThatThrownBy(() -> parse(Map.of(field, value))).isInstanceOfSatisfying(ApiFailure.class, f -> {
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.error()).isEqualTo("invalid_field");
            assertThat(f.field()).isEqualTo(field);
            assertThat(f.getMessage()).contains(field);
        });
    }

    @Test void toMustBeAfterFrom() {
        assertThatThrownBy(() -> parse(Map.of("from", "1795596600", "to", "1795596600")))
                .isInstanceOfSatisfying(ApiFailure.class, f -> assertThat(f.field()).isEqualTo("to"));
    }

    @Test void theFirstBadFieldInTheDocumentedOrderIsNamed() {
        assertThatThrownBy(() -> parse(Map.of("limit", "0", "direction", "up", "from", "x")))
                .isInstanceOfSatisfying(ApiFailure.class, f -> assertThat(f.field()).isEqualTo("from"));
    }

    private static CallHistoryQuery parse(Map<String, String> params) {
        Map<String, String> copy = new HashMap<>(params);
        return CallHistoryParams.parse("1000001", copy::get);
    }
}
