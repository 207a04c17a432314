package org.dialtone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Self-test of {@link BaresipPhone#awaitRegistered} against a sipp registrar (uas-register.xml: 401 with qop=auth,
 * digest checked by sipp's verifyauth, then 200).
 */
class RegistrationIT {

    @Test
    void phone_registers_with_digest_auth_at_the_configured_registrar() {
        try (Sipp registrar = Sipp.scenario("uas-register.xml").calls(0).timeout(Duration.ofSeconds(30)).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("reguser").password("regpass")
                     .registrar("127.0.0.1", registrar.sipPort()).build())) {
            phone.awaitRegistered(Duration.ofSeconds(5));
            assertThat(phone.registrationState()).isEqualTo(BaresipPhone.RegistrationState.OK);
            assertThat(phone.spec().accountLine())
                    .contains("outbound=\"sip:127.0.0.1:" + registrar.sipPort() + ";transport=udp\"")
                    .contains("regint=300");
            phone.close(); // phone first: it un-REGISTERs while the registrar is still up
            assertThat(registrar.isAlive()).isTrue();
        }
    }

    @Test
    void wrong_password_fails_fast_with_the_events_and_log() {
        try (Sipp registrar = Sipp.scenario("uas-register.xml").calls(0).timeout(Duration.ofSeconds(30)).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("reguser").password("wrong")
                     .registrar("127.0.0.1", registrar.sipPort()).build())) {
            assertThatThrownBy(() -> phone.awaitRegistered(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("registration failed")
                    .hasMessageContaining("403 Forbidden"); // from the log tail
            assertThat(phone.registrationState()).isEqualTo(BaresipPhone.RegistrationState.FAILED);
        }
    }

    @Test
    void phone_registers_over_tcp() {
        try (Sipp registrar = Sipp.scenario("uas-register.xml").calls(0).transport(PhoneSpec.Transport.TCP)
                .timeout(Duration.ofSeconds(30)).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("reguser").password("regpass")
                     .registrar("127.0.0.1", registrar.sipPort(), PhoneSpec.Transport.TCP).build())) {
            assertThat(phone.spec().accountLine()).contains(";transport=tcp\"");
            phone.awaitRegistered(Duration.ofSeconds(5));
            assertThat(phone.registrationState()).isEqualTo(BaresipPhone.RegistrationState.OK);
        }
    }
}
