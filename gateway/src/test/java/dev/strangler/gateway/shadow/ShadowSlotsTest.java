package dev.strangler.gateway.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowSlotsTest {

  @Test
  void aRouteHoldsAtMostItsShare_theGatewayAtMostTheWhole() {
    ShadowSlots slots = new ShadowSlots(4, 3);

    assertThat(slots.tryTake("slow")).isTrue();
    assertThat(slots.tryTake("slow")).isTrue();
    assertThat(slots.tryTake("slow")).isTrue();
    assertThat(slots.tryTake("slow")).as("its share is taken").isFalse();
    assertThat(slots.tryTake("orders")).isTrue();
    assertThat(slots.tryTake("users")).as("the gateway's places are taken").isFalse();
    assertThat(slots.inFlight()).isEqualTo(4);

    slots.give("slow");

    assertThat(slots.tryTake("users")).isTrue();
    assertThat(slots.tryTake("slow")).as("the freed place went to users").isFalse();
    assertThat(slots.inFlight()).isEqualTo(4);
  }

  @Test
  void share_isKeptBetweenOneAndTheWhole() {
    assertThat(new ShadowSlots(4, 10).perRoute()).isEqualTo(4);
    assertThat(new ShadowSlots(4, 0).perRoute()).isEqualTo(1);
  }
}
