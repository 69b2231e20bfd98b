package dev.strangler.gateway.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects the reports of Netty's leak detector (run at paranoid level in tests, see the pom), so a
 * test can assert that no buffer leaked.
 */
public final class NettyLeaks extends AppenderBase<ILoggingEvent> {

  private final List<String> reports = new CopyOnWriteArrayList<>();

  private final Logger logger =
      (Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");

  /**
   * @return a collector attached to Netty's leak detector logger
   */
  public static NettyLeaks watch() {
    NettyLeaks leaks = new NettyLeaks();
    leaks.setContext(leaks.logger.getLoggerContext());
    leaks.start();
    leaks.logger.addAppender(leaks);
    return leaks;
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getFormattedMessage().contains("LEAK")) {
      reports.add(event.getFormattedMessage());
    }
  }

  /**
   * Makes the detector report what was leaked so far: leaked buffers are found when they are
   * garbage collected and reported on a later allocation.
   *
   * @return the reports
   */
  public List<String> collect() {
    for (int round = 0; round < 5; round++) {
      System.gc();
      for (int i = 0; i < 200; i++) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.release();
      }
    }
    logger.detachAppender(this);
    return List.copyOf(reports);
  }
}
