package nl.samenspel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubgroupTest {

  @Test
  void namesAreAllTheSevenElementsAndTwentyOneProfilesInModelOrder() {
    assertEquals(8, Subgroup.names(Subgroup.Profiles.NONE).size());
    List<String> names = Subgroup.names(Subgroup.Profiles.PAIRS);
    assertEquals(29, names.size());
    assertEquals(List.of("ALL", "ATTITUDE"), names.subList(0, 2));
    assertEquals("ATTITUDE+SELF_EFFICACY", names.get(8));
    assertEquals("SELF_REGULATION+CONTEXT", names.get(26));
    assertEquals("CONTEXT+PRACTICAL_BARRIERS", names.get(28));
    assertEquals(21, Subgroup.profiles().stream().distinct().count());
    assertTrue(names.contains("SELF_EFFICACY+CONTEXT"));
  }

  @Test
  void aProfileNameIsTwoDifferentElementsInModelOrder() {
    assertEquals("SELF_EFFICACY+CONTEXT",
        Subgroup.profile(Element.CONTEXT, Element.SELF_EFFICACY));
    assertEquals(List.of(Element.SELF_EFFICACY, Element.CONTEXT),
        Subgroup.elements("SELF_EFFICACY+CONTEXT"));
    assertEquals(List.of(), Subgroup.elements("ALL"));
    for (String bad : List.of("CONTEXT+SELF_EFFICACY", "CONTEXT+CONTEXT", "ALL+CONTEXT",
        "SELF_EFFICACY+", "context", "A+B+C", "SKILLS+CONTEXT+ATTITUDE", "")) {
      assertFalse(Subgroup.isValid(bad), bad);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Subgroup.elements(bad));
      assertTrue(e.getMessage().contains("not a subgroup: " + bad), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> Subgroup.profile(Element.SKILLS, Element.SKILLS));
  }

  @Test
  void withinFollowsTheBarriers() {
    assertTrue(Subgroup.within("SELF_EFFICACY+CONTEXT", "SELF_EFFICACY"));
    assertTrue(Subgroup.within("SELF_EFFICACY+CONTEXT", "CONTEXT"));
    assertTrue(Subgroup.within("SELF_EFFICACY+CONTEXT", "ALL"));
    assertTrue(Subgroup.within("SKILLS", "ALL"));
    assertTrue(Subgroup.within("SKILLS", "SKILLS"));
    assertFalse(Subgroup.within("SELF_EFFICACY", "SELF_EFFICACY+CONTEXT"));
    assertFalse(Subgroup.within("SELF_EFFICACY+CONTEXT", "ATTITUDE"));
    assertFalse(Subgroup.within("ALL", "SKILLS"));
    assertFalse(Subgroup.within("ATTITUDE+SKILLS", "SELF_EFFICACY+CONTEXT"));
  }
}
