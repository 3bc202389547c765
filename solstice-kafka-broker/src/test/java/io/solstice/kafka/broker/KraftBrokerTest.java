package io.solstice.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KraftBrokerTest {

  @Test
  void aClusterIdIsSixteenBytesThatTheStorageToolCannotMistakeForAnOption() {
    // one random id in 64 would start with '-'; 10,000 draws meet that case about 156 times
    for (int i = 0; i < 10_000; i++) {
      String id = KraftBroker.clusterId();
      assertThat(id).doesNotStartWith("-").hasSize(22);
      assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }
  }
}
