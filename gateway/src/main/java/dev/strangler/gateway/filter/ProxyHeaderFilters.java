package dev.strangler.gateway.filter;

import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.headers.ForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.XForwardedHeadersFilter;

/**
 * The header filters of every call Strangler makes to a backend, primary and shadow: all {@link
 * HttpHeadersFilter} beans in their order, except Spring Cloud Gateway's own filters whose work
 * {@link StranglerRequestHeadersFilter} and {@link StranglerResponseHeadersFilter} do in a single
 * pass. Each of those copied every header of every request once more (about a tenth of the
 * gateway's CPU per request, see load-tests/README.md); filters added by an application, and Spring
 * Cloud Gateway's gRPC response filter, stay.
 *
 * <p>Spring Cloud Gateway's own {@code NettyRoutingFilter} and {@code NettyWriteResponseFilter} are
 * switched off in {@code application.yml}; Strangler declares its own instances of both with this
 * list.
 */
final class ProxyHeaderFilters {

  /** Spring Cloud Gateway's filters that Strangler's two filters replace (exact classes). */
  static final Set<Class<?>> REPLACED =
      Set.of(
          RemoveHopByHopHeadersFilter.class,
          RemoveXForwardedHeadersFilter.class,
          RemoveForwardedHeadersFilter.class,
          XForwardedHeadersFilter.class,
          ForwardedHeadersFilter.class,
          TransferEncodingNormalizationHeadersFilter.class,
          GRPCRequestHeadersFilter.class);

  private final List<HttpHeadersFilter> filters;

  private ProxyHeaderFilters(List<HttpHeadersFilter> filters) {
    this.filters = filters;
  }

  /**
   * The header filters of Strangler's calls among every header filter bean.
   *
   * @param ordered every header filter bean, in order
   * @return the ones Strangler's calls apply
   */
  public static ProxyHeaderFilters of(List<HttpHeadersFilter> ordered) {
    return new ProxyHeaderFilters(
        ordered.stream().filter(filter -> !REPLACED.contains(filter.getClass())).toList());
  }

  /** Returns the filters, in order. */
  public List<HttpHeadersFilter> list() {
    return filters;
  }

  /** Returns the filters, in the form Spring Cloud Gateway's Netty filters take them. */
  public ObjectProvider<List<HttpHeadersFilter>> provider() {
    return new ObjectProvider<>() {
      @Override
      public List<HttpHeadersFilter> getObject() {
        return filters;
      }

      @Override
      public List<HttpHeadersFilter> getIfAvailable() {
        return filters;
      }
    };
  }
}
