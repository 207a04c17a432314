package org.dialtone.app.config;

import java.util.List;

/** The configuration cannot be used. Each problem starts with the key path it is about, e.g. {@code sip.udp_port: ...}. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) { this(List.of(problem)); }

    public ConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** One line per problem, in key order. */
    public List<String> problems() { return problems; }
}
