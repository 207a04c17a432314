package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.Browser;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The receptionist console in a real browser (headless Chromium over the DevTools protocol) with real phones: the
 * receptionist (226, sending 440 Hz) signs in, sees a live call, parks it by dragging it onto spot 703 (the caller, Bob
 * at 1000 Hz, hears customer 1000001's 700 Hz music), is refused when dragging a second call onto the same spot, parks
 * that one with the keyboard alone, and picks Bob up again by pressing tile 703: both phones hear each other. Each step
 * is a screenshot in {@code target/console-screenshots/}.
 */
class ConsoleIT {
    private static final Duration T = Duration.ofSeconds(15);
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private SwitchFixture sw;
    private Browser browser;

    @AfterEach
    void stop(TestInfo test) {
        try {
            if (browser != null) {
                // what the page looked like at the end, passed or failed
                browser.screenshot(SHOTS.resolve("last-" + test.getTestMethod().orElseThrow().getName() + ".png"));
                browser.close();
            }
        } finally {
            if (sw != null) sw.close();
        }
    }

    @Test
    void theFrontDeskParksAndPicksUpCallsByDragKeyboardAndClick() throws Exception {
        Path music = AudioAnalysis.writePcmTone(TestDirs.newDir("console-moh").resolve("hold.wav"), 700, 3.0, 0.3);
        // parked calls wait as long as the test needs (the default 45 s could ring the desk back in the middle)
        sw = new SwitchFixture(Map.of("DIALTONE_PARKING_TIMEOUT_SECONDS", "600"), "", music);
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);
        browser = Browser.start(1280, 900);
        browser.navigate("http://127.0.0.1:" + sw.dialtone.httpPort() + "/console");

        // sign in: token and my extension, keyboard only
        browser.waitForVisible("#token", T);
        shot("00-sign-in");
        browser.focus("#token");
        browser.type(sw.token);
        browser.focus("#my-extension");
        browser.type("226");
        browser.press("Enter");
        browser.waitForVisible("#desk", T);
        browser.waitFor("document.body.dataset.connection === 'live'", T);
        assertThat(browser.text("#whoami")).isEqualTo("My extension: 226");
        browser.waitForText("#extensions li[data-number='226']", "Idle", T);
        assertThat(browser.text("#extensions li[data-number='200']")).contains("Alice (200)").contains("Offline");
        assertThat(browser.evaluate("document.querySelectorAll('#parking li').length").asInt()).isEqualTo(10);
        assertThat(browser.evaluate("sessionStorage.getItem('dialtone.console')").asString()).contains(sw.token);
        shot("01-signed-in");

        // a real call appears in the live list, with both parties and its state
        bob.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        String bobRow = "#calls li:first-child";
        browser.waitForText(bobRow, "Talking", T);
        assertThat(browser.text(bobRow)).contains("Bob (201) → Reception (226)").contains("Internal");
        browser.waitForText("#extensions li[data-number='201']", "On a call", T);
        bob.awaitReceivedAudio(1.0, T);
        shot("02-live-call");

        // drag it onto spot 703: parked, the tile shows the caller and who parked it, the caller hears the music
        browser.drag(bobRow + " .parties", "#parking li[data-spot='703']");
        String tile703 = "#parking li[data-spot='703']";
        browser.waitForText(tile703, "Bob (201)", T);
        assertThat(browser.text(tile703)).contains("parked by Reception (226)").containsPattern("rings back in \\d+:\\d\\d");
        browser.waitForText(bobRow, "Parked", T);
        assertThat(browser.text(bobRow)).contains("at spot 703").doesNotContain("→");
        reception.awaitEvent("CALL_CLOSED", T);
        double parkedAt = secondsRecorded(bob);
        bob.awaitReceivedAudio(parkedAt + 2.0, T);
        shot("03-parked");

        // a refused action shows its message: a second call dragged onto the taken spot
        carol.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        String carolRow = "#calls li:nth-child(2)";
        browser.waitForText(carolRow, "Carol (202) → Reception (226)", T);
        browser.waitForText(carolRow, "Talking", T);
        browser.drag(carolRow + " .parties", tile703);
        browser.waitForVisible("#message", T);
        assertThat(browser.text("#message-text")).isEqualTo("Spot 703 is taken. Choose an empty spot.");
        assertThat(browser.text(tile703)).contains("Bob (201)");
        shot("04-refused");

        // the same move by keyboard alone: Move… on Carol's call, then the first free spot (701) has the focus
        browser.focus(carolRow + " button.move");
        browser.press("Enter");
        browser.waitForVisible("#move-bar", T);
        browser.press("Escape"); // changed my mind: back where I was
        browser.waitFor("document.querySelector('#move-bar').hidden", T);
        assertThat(browser.focused()).contains("Move the call of Carol (202)");
        browser.press("Enter");
        browser.waitForVisible("#move-bar", T);
        assertThat(browser.focused()).contains("Park Carol (202) at spot 701");
        browser.press("Enter");
        browser.waitForText("#parking li[data-spot='701']", "Carol (202)", T);
        reception.awaitEvent("CALL_CLOSED", T);
        assertThat(browser.evaluate("document.querySelector('#move-bar').hidden").asBoolean()).isTrue();

        // press tile 703: Bob is picked up at my extension, and the two hear each other
        reception.clearEvents();
        browser.click(tile703 + " button");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        browser.waitForText(tile703, "Empty", T);
        browser.waitFor("[...document.querySelectorAll('#calls li')].some(li => li.innerText.includes('Bob (201)')"
                + " && li.innerText.includes('Reception (226)') && li.innerText.includes('Talking'))", T);
        double unparkedAt = secondsRecorded(bob);
        bob.awaitReceivedAudio(unparkedAt + 1.5, T);
        reception.awaitReceivedAudio(1.5, T);
        shot("05-unparked");

        // a phone-sized screen: one column, nothing cut off sideways
        browser.screen(390, 844, true, 2);
        browser.waitFor("document.documentElement.scrollWidth <= 390", T);
        browser.evaluate("window.scrollTo(0, 0)");
        browser.screenshot(SHOTS.resolve("06-phone.png"), false);
        shot("06-phone-whole-page");
        browser.screen(1280, 900, false, 1);

        bob.hangup();
        reception.awaitEvent("CALL_CLOSED", T);
        carol.hangup();
        browser.waitFor("document.querySelectorAll('#calls li').length === 0", T);
        browser.waitForText("#parking li[data-spot='701']", "Empty", T);

        Path bobHeard = bob.awaitFinishedRecording(unparkedAt + 1.0, T);
        assertTone(bobHeard, parkedAt + 0.5, 700);  // the music on hold while parked
        assertThat(AudioAnalysis.toneAmplitude(bobHeard, parkedAt + 0.5, 1.0, 440)).as("the parker is gone").isLessThan(0.05);
        assertTone(bobHeard, AudioAnalysis.durationSeconds(bobHeard) - 1.0, 440); // the receptionist again
        Path receptionHeard = reception.awaitFinishedRecording(1.0, T);
        assertTone(receptionHeard, AudioAnalysis.durationSeconds(receptionHeard) - 1.0, 1000);
        assertThat(browser.problems()).as("no script error or policy violation in the page").isEmpty();
        sw.awaitNoLeak();
    }

    @Test
    void theConsoleSaysWhenItIsOfflineCatchesUpAfterARestartThenTransfersAndCallsOut() throws Exception {
        sw = new SwitchFixture();
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);
        browser = Browser.start(1280, 900);
        browser.navigate("http://127.0.0.1:" + sw.dialtone.httpPort() + "/console");
        browser.focus("#token");
        browser.type(sw.token);
        browser.focus("#my-extension");
        browser.type("226");
        browser.press("Enter");
        browser.waitFor("document.body.dataset.connection === 'live'", T);

        // a wrong extension or token is refused in words at sign-in; here: the page reloads and stays signed in
        browser.navigate("http://127.0.0.1:" + sw.dialtone.httpPort() + "/console/");
        browser.waitFor("document.body.dataset.connection === 'live'", T);

        sw.dialtone.close();
        browser.waitForVisible("#banner", T);
        assertThat(browser.text("#banner")).contains("Offline");
        shot("07-offline");
        sw.restart();
        browser.waitFor("document.body.dataset.connection === 'live'", Duration.ofSeconds(30));
        assertThat(browser.evaluate("document.querySelector('#banner').hidden").asBoolean()).isTrue();

        // and it is current again: a new call shows up; dragged onto extension 202, it is transferred there
        bob.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        browser.waitForText("#calls li:first-child", "Bob (201) → Reception (226)", T);
        browser.waitForText("#calls li:first-child", "Talking", T);
        browser.drag("#calls li:first-child .parties", "#extensions li[data-number='202']");
        assertThat(carol.awaitEvent("CALL_ESTABLISHED", T).path("peeruri").asString()).contains("201");
        reception.awaitEvent("CALL_CLOSED", T);
        browser.waitForText("#calls li:first-child", "Bob (201) → Carol (202)", T);
        browser.waitForText("#calls li:first-child", "Talking", T);
        bob.hangup();
        carol.awaitEvent("CALL_CLOSED", T);
        browser.waitFor("document.querySelectorAll('#calls li').length === 0", T);

        // click-to-call: my extension rings first, then the number typed
        browser.focus("#dial-number");
        browser.type("202");
        browser.press("Enter");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        carol.awaitEvent("CALL_ESTABLISHED", T);
        browser.waitForText("#calls li:first-child", "Reception (226) → Carol (202)", T);
        browser.waitForText("#calls li:first-child", "Talking", T);
        browser.waitForText("#extensions li[data-number='202']", "On a call", T);
        shot("08-click-to-call");
        reception.hangup();
        carol.awaitEvent("CALL_CLOSED", T);
        browser.waitFor("document.querySelectorAll('#calls li').length === 0", T);

        browser.click("#sign-out");
        browser.waitForVisible("#sign-in", T);
        assertThat(browser.evaluate("sessionStorage.getItem('dialtone.console')").isNull()).isTrue();
        browser.focus("#token");
        browser.type("not-a-valid-token-0123456789");
        browser.evaluate("document.querySelector('#my-extension').value = ''");
        browser.focus("#my-extension");
        browser.type("226");
        browser.press("Enter");
        browser.waitForText("#sign-in-error", "token was refused", T);
        assertThat(browser.problems()).isEmpty();
    }

    private void shot(String name) {
        browser.screenshot(SHOTS.resolve(name + ".png"));
    }

    private static double secondsRecorded(BaresipPhone phone) throws IOException {
        return (Files.size(phone.newestRecording()) - 44) / 16000.0;
    }

    private static void assertTone(Path wav, double start, double hz) {
        assertThat(AudioAnalysis.peakFrequency(wav, start, 0.8)).as(AudioAnalysis.describe(wav, start, 0.8))
                .isCloseTo(hz, offset(15.0));
    }
}
