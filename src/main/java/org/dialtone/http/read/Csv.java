package org.dialtone.http.read;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * CSV as RFC 4180 writes it (CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes doubled),
 * made safe to open in a spreadsheet: a text value starting with {@code = + - @}, tab or CR would be read as a formula
 * there (CSV injection), so it is prefixed with {@code '}. That includes E.164 numbers ({@code '+14155550000}).
 * Numbers are written plain; null is an empty field.
 */
final class Csv {
    private Csv() {}

    static String write(List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder(64 + rows.size() * 160);
        line(out, columns.stream().map(c -> (Object) c).toList());
        for (Map<String, Object> row : rows) line(out, columns.stream().map(row::get).toList());
        return out.toString();
    }

    private static void line(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(values.get(i)));
        }
        out.append("\r\n");
    }

    static String field(Object value) {
        if (value == null) return "";
        if (value instanceof BigDecimal b) return b.toPlainString();
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
