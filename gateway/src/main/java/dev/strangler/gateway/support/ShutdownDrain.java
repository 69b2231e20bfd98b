package dev.strangler.gateway.support;

import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The drain at shutdown: when the gateway is asked to stop (SIGTERM), its readiness turns DOWN at
 * once, and it goes on serving new requests for {@code strangler.shutdown.drain} before anything
 * stops; only then does Spring Boot's graceful shutdown refuse new connections and let the requests
 * in flight finish.
 *
 * <p>Why: Kubernetes sends SIGTERM and removes the pod from the Service's endpoints at the same
 * time, and load balancers and kube-proxy learn of the removal seconds later. A gateway that
 * refused connections at SIGTERM would fail the requests sent to it meanwhile. It listens to the
 * closing of its own context before anything else does (the management server, which answers the
 * readiness probe, closes after it), and waits on the thread that closes the context (the JVM's
 * shutdown hook), never an event loop.
 */
final class ShutdownDrain implements ApplicationListener<ContextClosedEvent>, Ordered {

  private static final Log log = LogFactory.getLog(ShutdownDrain.class);

  private final ApplicationContext context;

  private final Duration drain;

  ShutdownDrain(ApplicationContext context, Duration drain) {
    this.context = context;
    this.drain = drain;
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    if (event.getApplicationContext() != context) {
      return;
    }
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    if (drain.isZero()) {
      return;
    }
    log.info(
        "Stopping: readiness is DOWN; new requests are still served for "
            + drain
            + " (strangler.shutdown.drain), then requests in flight finish");
    try {
      Thread.sleep(drain.toMillis());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
