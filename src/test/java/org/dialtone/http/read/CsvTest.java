package org.dialtone.http.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test void aHeaderLineThenOneLineARowWithCrlf() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", "plain");
        row.put("b", null);
        row.put("c", new BigDecimal("1795596551.281"));
        row.put("d", 12L);
        assertThat(Csv.write(List.of("a", "b", "c", "d"), List.of(row)))
                .isEqualTo("a,b,c,d\r\nplain,,1795596551.281,12\r\n");
        assertThat(Csv.write(List.of("a"), List.of())).isEqualTo("a\r\n");
    }

    @Test void commaQuoteAndNewlineAreQuotedWithQuotesDoubled() {
        assertThat(Csv.field("Smith, Anna")).isEqualTo("\"Smith, Anna\"");
        assertThat(Csv.field("Anna \"the boss\" Smith")).isEqualTo("\"Anna \"\"the boss\"\" Smith\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(Csv.field("O'Brien")).isEqualTo("O'Brien");
    }

    @Test void aValueAFormulaCouldStartWithIsPrefixedWithAQuote() {
        assertThat(Csv.field("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(Csv.field("+14155550000")).isEqualTo("'+14155550000");
        assertThat(Csv.field("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.field("\tcmd")).isEqualTo("'\tcmd");
        assertThat(Csv.field("=1,2")).isEqualTo("\"'=1,2\"");
        assertThat(Csv.field("a=b")).isEqualTo("a=b");
        assertThat(Csv.field("")).isEmpty();
    }

    @Test void numbersWeWriteAreNeverPrefixed() {
        assertThat(Csv.field(new BigDecimal("-1.5"))).isEqualTo("-1.5");
        assertThat(Csv.field(new BigDecimal("1E+9"))).isEqualTo("1000000000");
    }
}
