package io.taskfn.calltask;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Places calls over SIP (UDP or TCP) through one proxy or trunk, as a user agent client on the
 * JAIN-SIP reference stack: an INVITE to {@code sip:<callee>@<proxy>;user=phone} from {@code
 * sip:<caller>@<address>}. A 2xx is answered: acknowledged, held for the resource's length, then
 * hung up with BYE (earlier if the callee hangs up, or at once when the call must end: its task was
 * stopped). 486 and 600 are busy, 603 rejected, 480 and 408 no answer, other failures unreachable;
 * no final answer within {@code MaxRingDuration} of the INVITE is a ring timeout, and the INVITE is
 * cancelled, as it is when the call must end while it rings. An answered call hears the audio of
 * its resource ({@link CallAudio}) as G.711 RTP, from a port of the call's own, and lasts as long
 * as the audio; with no audio to play it is held silent for the play duration.
 */
final class SipDialer implements Dialer, SipListener, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SipDialer.class);

  /** How long a BYE or CANCEL may wait for its answer before the call is taken as ended. */
  static final Duration HANG_UP_WAIT = Duration.ofSeconds(5);

  private final SipStack stack;
  private final SipProvider provider;
  private final AddressFactory addresses;
  private final HeaderFactory headers;
  private final MessageFactory messages;
  private final String address;
  private final String transport;
  private final int port;
  private final String proxyHost;
  private final int proxyPort;
  private final Optional<Path> audioDir;
  private final Clock clock;
  private final Map<String, Leg> calls = new ConcurrentHashMap<>();

  /** What the stack has told about one call so far. */
  private static final class Leg {
    final CompletableFuture<Instant> ringing = new CompletableFuture<>();
    final CompletableFuture<Response> finalResponse = new CompletableFuture<>();
    final CompletableFuture<Void> hungUp = new CompletableFuture<>();
  }

  /**
   * @param proxy {@code host:port} of the proxy or trunk
   * @param transport {@code udp} or {@code tcp}, for every message to and from the proxy
   * @param port the port to listen on; 0 picks a free one
   * @param audioDir where the audio of Type 0 resources is ({@link CallAudio}); without it answered
   *     calls are silent for their play duration
   * @throws IllegalStateException when the stack cannot start (the address is not local, the port
   *     is taken)
   */
  SipDialer(
      String proxy,
      String transport,
      String address,
      int port,
      Optional<Path> audioDir,
      Clock clock) {
    if (!transport.equalsIgnoreCase(ListeningPoint.UDP)
        && !transport.equalsIgnoreCase(ListeningPoint.TCP)) {
      throw new IllegalStateException(
          "taskfn.calltask.dialer.sip-transport=" + transport + " is not udp or tcp");
    }
    this.transport = transport.toUpperCase(java.util.Locale.ROOT);
    int colon = proxy.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalStateException(
          "taskfn.calltask.dialer.sip-proxy=" + proxy + " is not host:port");
    }
    this.proxyHost = proxy.substring(0, colon);
    this.proxyPort = Integer.parseInt(proxy.substring(colon + 1));
    this.address = address;
    this.audioDir = audioDir;
    this.clock = clock;
    try {
      this.port = port != 0 ? port : freePort(address, this.transport);
      SipFactory factory = SipFactory.getInstance();
      factory.setPathName("gov.nist");
      Properties properties = new Properties();
      properties.setProperty("javax.sip.STACK_NAME", "taskfn-" + UUID.randomUUID());
      properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipLogging.class.getName());
      properties.setProperty(
          "gov.nist.javax.sip.SERVER_LOGGER", SipLogging.Messages.class.getName());
      this.stack = factory.createSipStack(properties);
      ListeningPoint point = stack.createListeningPoint(address, this.port, this.transport);
      this.provider = stack.createSipProvider(point);
      provider.addSipListener(this);
      this.addresses = factory.createAddressFactory();
      this.headers = factory.createHeaderFactory();
      this.messages = factory.createMessageFactory();
    } catch (Exception e) {
      throw new IllegalStateException(
          "the SIP dialer could not listen on " + address + ":" + port + ": " + e, e);
    }
  }

  /** The stack wants a port of its own to name in Via and Contact. */
  private static int freePort(String address, String transport) throws IOException {
    InetAddress local = InetAddress.getByName(address);
    if (transport.equals(ListeningPoint.TCP)) {
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, local)) {
        return probe.getLocalPort();
      }
    }
    try (DatagramSocket probe = new DatagramSocket(0, local)) {
      return probe.getLocalPort();
    }
  }

  @Override
  public Outcome dial(Call call) throws InterruptedException {
    try (DatagramSocket media = new DatagramSocket(0, InetAddress.getByName(address))) {
      return dial(call, media);
    } catch (IOException e) {
      throw new IllegalStateException("no port for the audio of a call: " + e, e);
    }
  }

  private Outcome dial(Call call, DatagramSocket media) throws InterruptedException {
    Leg leg = new Leg();
    ClientTransaction invite;
    String callId;
    try {
      Request request = invite(call, media.getLocalPort());
      callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
      calls.put(callId, leg);
      invite = provider.getNewClientTransaction(request);
      invite.sendRequest();
    } catch (ParseException | SipException | InvalidArgumentException e) {
      throw new IllegalStateException("the INVITE to " + call.callee() + " was not sent: " + e, e);
    }
    try {
      return follow(call, leg, invite, media);
    } finally {
      calls.remove(callId);
    }
  }

  private Outcome follow(Call call, Leg leg, ClientTransaction invite, DatagramSocket media)
      throws InterruptedException {
    try {
      await(CompletableFuture.anyOf(leg.finalResponse, call.hangUp()), call.maxRing());
    } catch (TimeoutException ringTimeout) {
      return cancelled(call, leg, invite, CallResult.RING_TIMEOUT);
    } catch (InterruptedException stopped) {
      cancel(invite, leg);
      throw stopped;
    }
    if (!leg.finalResponse.isDone()) {
      return cancelled(call, leg, invite, CallResult.STOPPED);
    }
    Response answer = leg.finalResponse.join();
    if (answer == null) {
      return new Outcome(CallResult.UNREACHABLE, null, null, clock.instant());
    }
    int status = answer.getStatusCode();
    if (status / 100 != 2) {
      return new Outcome(result(status), ringTime(leg), null, clock.instant());
    }
    return talk(call, leg, invite, answer, media);
  }

  /**
   * Acknowledges the answer and plays the resource's audio to the callee, or holds the call silent
   * for the play duration when there is no audio to play, until the callee hangs up or the call
   * must end.
   */
  private Outcome talk(
      Call call, Leg leg, ClientTransaction invite, Response answer, DatagramSocket media)
      throws InterruptedException {
    Instant answered = clock.instant();
    Dialog dialog = invite.getDialog();
    try {
      long cseq = ((CSeqHeader) answer.getHeader(CSeqHeader.NAME)).getSeqNumber();
      dialog.sendAck(dialog.createAck(cseq));
      try {
        play(call, leg, answer, media);
        if (!leg.hungUp.isDone()) {
          hangUp(dialog, leg);
        }
      } catch (InterruptedException stopped) {
        hangUp(dialog, leg);
        throw stopped;
      }
    } catch (SipException | InvalidArgumentException e) {
      LOG.warnf(
          "call %s: the answered call could not be acknowledged or ended: %s", call.callId(), e);
    }
    return new Outcome(CallResult.ANSWERED, ringTime(leg, answered), answered, clock.instant());
  }

  /** Plays the call's audio to where the callee's answer asks for it, or waits silently. */
  private void play(Call call, Leg leg, Response answer, DatagramSocket media)
      throws InterruptedException {
    Optional<CallAudio> audio = CallAudio.of(audioDir, call.type(), call.resource());
    byte[] sdp = answer.getRawContent();
    Optional<RtpStream.Target> target =
        audio.isEmpty() || sdp == null
            ? Optional.empty()
            : RtpStream.fromAnswer(new String(sdp, StandardCharsets.UTF_8));
    if (audio.isEmpty() || target.isEmpty()) {
      try {
        await(CompletableFuture.anyOf(leg.hungUp, call.hangUp()), call.play());
      } catch (TimeoutException played) {
        // the call has lasted its play duration
      }
      return;
    }
    byte[] samples =
        target.get().payloadType() == RtpStream.PCMA ? audio.get().pcma() : audio.get().pcmu();
    try {
      RtpStream.play(
          media, target.get(), samples, () -> leg.hungUp.isDone() || call.hangUp().isDone());
    } catch (IOException e) {
      LOG.warnf("call %s: its audio could not be sent: %s", call.callId(), e);
    }
  }

  /**
   * Cancels the ringing call: it ends as {@code result}, unless the callee answered as the CANCEL
   * crossed the answer; then the call was answered, and is hung up at once.
   */
  private Outcome cancelled(Call call, Leg leg, ClientTransaction invite, CallResult result)
      throws InterruptedException {
    Response late = cancel(invite, leg);
    if (late != null && late.getStatusCode() / 100 == 2) {
      Instant answered = clock.instant();
      return new Outcome(CallResult.ANSWERED, ringTime(leg, answered), answered, answered);
    }
    return new Outcome(result, ringTime(leg), null, clock.instant());
  }

  static CallResult result(int status) {
    return switch (status) {
      case 486, 600 -> CallResult.BUSY;
      case 603 -> CallResult.REJECTED;
      case 480, 408, 487 -> CallResult.NO_ANSWER;
      default -> CallResult.UNREACHABLE;
    };
  }

  private Request invite(Call call, int mediaPort)
      throws ParseException, InvalidArgumentException, SipException {
    SipURI target = addresses.createSipURI(call.callee(), proxyHost);
    target.setPort(proxyPort);
    target.setUserParam("phone");
    target.setTransportParam(transport);
    SipURI self = addresses.createSipURI(call.caller(), address);
    self.setPort(port);
    self.setTransportParam(transport);
    Request request =
        messages.createRequest(
            target,
            Request.INVITE,
            provider.getNewCallId(),
            headers.createCSeqHeader(1L, Request.INVITE),
            headers.createFromHeader(
                addresses.createAddress(self), UUID.randomUUID().toString().substring(0, 8)),
            headers.createToHeader(
                addresses.createAddress(addresses.createSipURI(call.callee(), proxyHost)), null),
            List.of(headers.createViaHeader(address, port, transport, null)),
            headers.createMaxForwardsHeader(70),
            headers.createContentTypeHeader("application", "sdp"),
            offer(mediaPort));
    request.addHeader(headers.createContactHeader(addresses.createAddress(self)));
    return request;
  }

  /** An audio offer (G.711) from the call's own media port. */
  private String offer(int mediaPort) {
    long session = clock.millis();
    return "v=0\r\n"
        + "o=taskfn "
        + session
        + " "
        + session
        + " IN IP4 "
        + address
        + "\r\n"
        + "s=taskfn\r\n"
        + "c=IN IP4 "
        + address
        + "\r\n"
        + "t=0 0\r\n"
        + "m=audio "
        + mediaPort
        + " RTP/AVP 0 8\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=sendonly\r\n";
  }

  /** Cancels the INVITE; the final answer it got meanwhile, if any (a late 2xx is hung up). */
  private Response cancel(ClientTransaction invite, Leg leg) throws InterruptedException {
    try {
      provider.getNewClientTransaction(invite.createCancel()).sendRequest();
      Response late = await(leg.finalResponse, HANG_UP_WAIT);
      if (late != null && late.getStatusCode() / 100 == 2) {
        // Answered as the CANCEL crossed it: the call exists and must be ended.
        Dialog dialog = invite.getDialog();
        long cseq = ((CSeqHeader) late.getHeader(CSeqHeader.NAME)).getSeqNumber();
        dialog.sendAck(dialog.createAck(cseq));
        hangUp(dialog, leg);
      }
      return late;
    } catch (TimeoutException | SipException | InvalidArgumentException e) {
      LOG.warnf("a CANCEL got no final answer to its INVITE: %s", e);
      return null;
    }
  }

  private void hangUp(Dialog dialog, Leg leg) throws InterruptedException {
    try {
      Request bye = dialog.createRequest(Request.BYE);
      dialog.sendRequest(provider.getNewClientTransaction(bye));
      await(leg.hungUp, HANG_UP_WAIT);
    } catch (SipException | TimeoutException e) {
      LOG.warnf("a BYE got no answer: %s", e);
    }
  }

  private static <T> T await(CompletableFuture<T> event, Duration limit)
      throws InterruptedException, TimeoutException {
    try {
      return event.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Instant ringTime(Leg leg) {
    return leg.ringing.getNow(null);
  }

  private static Instant ringTime(Leg leg, Instant answered) {
    return leg.ringing.getNow(answered);
  }

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    Leg leg = calls.get(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
    if (leg == null) {
      return;
    }
    String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
    int status = response.getStatusCode();
    if (method.equals(Request.INVITE)) {
      if (status == 180 || status == 183) {
        leg.ringing.complete(clock.instant());
      } else if (status >= 200) {
        leg.finalResponse.complete(response);
      }
    } else if (method.equals(Request.BYE) && status >= 200) {
      leg.hungUp.complete(null);
    }
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    try {
      ServerTransaction tx =
          event.getServerTransaction() != null
              ? event.getServerTransaction()
              : provider.getNewServerTransaction(request);
      boolean bye = request.getMethod().equals(Request.BYE);
      tx.sendResponse(
          messages.createResponse(bye ? Response.OK : Response.NOT_IMPLEMENTED, request));
      Leg leg = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
      if (bye && leg != null) {
        leg.hungUp.complete(null);
      }
    } catch (ParseException | SipException | InvalidArgumentException e) {
      LOG.warnf("could not answer a %s: %s", request.getMethod(), e);
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (event.isServerTransaction()) {
      return;
    }
    Request request = event.getClientTransaction().getRequest();
    Leg leg = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
    if (leg == null) {
      return;
    }
    if (request.getMethod().equals(Request.INVITE)) {
      leg.finalResponse.complete(null);
    } else if (request.getMethod().equals(Request.BYE)) {
      leg.hungUp.complete(null);
    }
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    LOG.warnf("SIP transport error towards %s:%d", event.getHost(), event.getPort());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {}

  @Override
  public void close() {
    stack.stop();
  }
}
