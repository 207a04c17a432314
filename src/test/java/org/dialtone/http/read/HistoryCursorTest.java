package org.dialtone.http.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dialtone.core.call.CallHistoryQuery.Position;
import org.dialtone.http.action.ApiFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryCursorTest {
    @Test void aCursorComesBackAsThePositionItWasMadeFrom() {
        Position p = new Position(1_795_596_551_281L, 42);
        String cursor = HistoryCursor.encode(p);
        assertThat(cursor).matches("[A-Za-z0-9_-]+").doesNotContain("1795596551281");
        assertThat(HistoryCursor.decode(cursor)).isEqualTo(p);
        assertThat(HistoryCursor.decode(HistoryCursor.encode(new Position(0, 0)))).isEqualTo(new Position(0, 0));
        assertThat(HistoryCursor.decode(HistoryCursor.encode(new Position(Long.MAX_VALUE, Long.MAX_VALUE))))
                .isEqualTo(new Position(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test void anEditedPositionIsRefusedEvenWhenItIsWellFormed() {
        String text = decoded(HistoryCursor.encode(new Position(1_795_596_551_281L, 42)));
        String edited = text.replace(".42.", ".41.");
        assertThat(edited).isNotEqualTo(text);
        assertInvalid(encoded(edited));
    }

    @Test void aCursorWithAnyCharacterChangedIsRefused() {
        String cursor = HistoryCursor.encode(new Position(1_795_596_551_281L, 42));
        for (int i = 0; i < cursor.length(); i++) {
            char c = cursor.charAt(i);
            String changed = cursor.substring(0, i) + (c == 'A' ? 'B' : 'A') + cursor.substring(i + 1);
            try {
                Position p = HistoryCursor.decode(changed);
                // a change only in the last character's unused bits decodes to the same bytes
                assertThat(p).as("change at %d", i).isEqualTo(new Position(1_795_596_551_281L, 42));
            } catch (ApiFailure refused) {
                assertThat(refused.field()).isEqualTo("cursor");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "not base64!", "%%%", "bm90IGEgY3Vyc29y", "MS4xLjI", "MS4tMS4yLjAwMDAwMDAwMDAwMDAwMDA"})
    void garbageIsRefusedNamingTheCursor(String cursor) {
        assertInvalid(cursor);
    }

    @Test void negativeOrOversizedOrOtherVersionsAreRefused() {
        assertInvalid(HistoryCursor.encode(new Position(1, 2)).repeat(20));
        String text = decoded(HistoryCursor.encode(new Position(1, 2)));
        assertInvalid(encoded("2" + text.substring(1)));
        assertInvalid(encoded(text + ".1"));
    }

    private static void assertInvalid(String cursor) {
        assertThatThrownBy(() -> HistoryCursor.decode(cursor)).isInstanceOfSatisfying(ApiFailure.class, f -> {
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.error()).isEqualTo("invalid_field");
            assertThat(f.field()).isEqualTo("cursor");
        });
    }

    private static String decoded(String cursor) {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
