/**
 * End-to-end test harness: real SIP peers from Debian (baresip-core, sip-tester) on 127.0.0.1, driven from JUnit.
 *
 * <pre>{@code
 * try (BaresipPhone a = BaresipPhone.start(PhoneSpec.builder("1001").password("pw1001-secret")
 *          .registrar("127.0.0.1", switchPort).tone(440).build());
 *      BaresipPhone b = BaresipPhone.start(PhoneSpec.builder("1002").password("pw1002-secret")
 *          .registrar("127.0.0.1", switchPort).tone(1000).build())) {
 *     a.awaitRegistered(Duration.ofSeconds(5));
 *     b.awaitRegistered(Duration.ofSeconds(5));
 *     a.dial("1002");
 *     a.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(5));
 *     b.awaitReceivedAudio(2.0, Duration.ofSeconds(10));
 *     a.hangup();
 *     b.awaitEvent("CALL_CLOSED", Duration.ofSeconds(5));
 *     Path heard = b.awaitFinishedRecording(1.5, Duration.ofSeconds(5));
 *     assertThat(AudioAnalysis.peakFrequency(heard, 0.5, 1.0)).isCloseTo(440, within(15.0));
 * }   // close the phones before stopping the switch (un-REGISTER), or they are SIGKILLed after 2 s
 * }</pre>
 *
 * <p>Pitfalls (see also /work/shared/peers/README.md):
 * <ul>
 *   <li>A missing tool is a failure ({@link org.dialtone.testing.RequiredTool}), never a skip.</li>
 *   <li>baresip binds SIP port p (UDP+TCP) and p+1 (TLS): {@link org.dialtone.testing.FreePorts#sipPortPair()}.</li>
 *   <li>RTP port blocks live in 20000–29999, below Linux's ephemeral range (32768–60999), so kernel-assigned ports
 *       never fall inside a phone's RTP range; blocks are locked across JVMs with files in java.io.tmpdir.</li>
 *   <li>REGISTER_OK/REGISTER_FAIL often arrive before ctrl_tcp is connected: awaitRegistered also polls
 *       {@code reginfo}.</li>
 *   <li>Your own hangup queues CALL_CLOSED too; auto answer sends no CALL_INCOMING. Use clearEvents() between steps.</li>
 *   <li>Recordings: the WAV header is only final after the call (file size grows during it); names have 1 s
 *       resolution, so leave &gt;1 s between two calls on one phone.</li>
 *   <li>sipp: {@code -cp} is set (default control port 8888 collides between instances); rtp_stream files must be
 *       raw u-law WAVs in sipp's CWD ({@link org.dialtone.testing.AudioAnalysis#writeUlawTone}); uas-rtp.xml
 *       lingers 4 s after BYE (timewait), so awaiting its exit costs 4 s.</li>
 *   <li>Awaitility's failFast throws TerminalFailureException, not ConditionTimeoutException.</li>
 * </ul>
 */
package org.dialtone.testing;
