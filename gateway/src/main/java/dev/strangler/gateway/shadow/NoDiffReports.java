package dev.strangler.gateway.shadow;

import java.util.Optional;

/** {@link DiffsSource} of a gateway without shadow reports: no route has one. */
enum NoDiffReports implements DiffsSource {
  INSTANCE;

  @Override
  public Optional<ShadowFigures> figures(String routeId) {
    return Optional.empty();
  }

  @Override
  public Optional<Object> report(String routeId) {
    return Optional.empty();
  }

  @Override
  public boolean reset(String routeId) {
    return false;
  }
}
