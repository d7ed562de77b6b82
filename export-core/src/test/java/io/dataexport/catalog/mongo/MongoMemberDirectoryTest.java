package io.dataexport.catalog.mongo;

import static io.dataexport.catalog.CatalogFixtures.deletedFormerMember;
import static io.dataexport.catalog.CatalogFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.MemberDirectory.Member;
import io.dataexport.catalog.MemberDirectory.MemberQuery;
import io.dataexport.mongo.InMemoryMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoMemberDirectoryTest {

  private static final String ACME = "ent_acme";
  private static final String GLOBEX = "ent_globex";
  private static final Instant LINUS_LEFT = Instant.parse("2026-02-01T00:00:00Z");

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private MongoMemberDirectory directory;

  @BeforeEach
  void seed() {
    MongoDatabase db = mongo.freshDatabase();
    db.getCollection(CatalogCollections.USERS)
        .insertMany(
            List.of(
                user("usr_ada", "ada@acme.example", "Ada Lovelace", ACME),
                user("usr_iris", "iris@acme.example", "Iris Murdoch", ACME),
                user("usr_adam", "adam@acme.example", "Adam Smith", ACME),
                deletedFormerMember(
                    "usr_linus", "linus@acme.example", "Linus Gone", ACME, LINUS_LEFT),
                user("usr_outsider", "ada.out@globex.example", "Ada Outsider", GLOBEX),
                user("usr_consultant", "consultant@example.com", "Con Sultant", GLOBEX, ACME)));
    directory = new MongoMemberDirectory(db);
  }

  @Test
  void aPieceOfTheNameOrTheEmailFindsMembersIgnoringCase() {
    assertThat(ids(search(ACME, "LOVE"))).containsExactly("usr_ada");
    assertThat(ids(search(ACME, "ada"))).containsExactly("usr_ada", "usr_adam");
    assertThat(ids(search(ACME, "example.com"))).containsExactly("usr_consultant");
  }

  @Test
  void formerMembersAndDeletedAccountsAreFoundWithTheirMembership() {
    Member linus = search(ACME, "linus").get(0);

    assertThat(linus.deleted()).isTrue();
    assertThat(linus.leftAt()).isEqualTo(LINUS_LEFT);
    assertThat(linus.role()).isEqualTo("member");
    assertThat(search(ACME, "iris").get(0).leftAt()).as("a current member").isNull();
  }

  @Test
  void onlyTheEnterprisesOwnMembersAreFound() {
    assertThat(ids(search(ACME, "outsider"))).isEmpty();
    assertThat(ids(search(GLOBEX, ""))).containsExactly("usr_outsider", "usr_consultant");
    assertThat(ids(search("ent_other", ""))).isEmpty();
  }

  @Test
  void theTextIsMatchedLiterallyNeverAsAPattern() {
    assertThat(ids(search(ACME, ".*"))).isEmpty();
    assertThat(ids(search(ACME, "a.a"))).isEmpty();
    assertThat(ids(search(GLOBEX, "ada.out"))).containsExactly("usr_outsider");
  }

  @Test
  void pagesFollowEachOtherByEmailWithoutGapsOrRepeats() {
    List<String> paged = new ArrayList<>();
    Member last = null;
    for (int page = 0; page < 10; page++) {
      List<Member> members =
          directory.search(
              new MemberQuery(
                  ACME,
                  "",
                  last == null ? null : last.email(),
                  last == null ? null : last.userId(),
                  2));
      if (members.isEmpty()) {
        break;
      }
      paged.addAll(ids(members));
      last = members.get(members.size() - 1);
    }

    assertThat(paged)
        .containsExactly("usr_ada", "usr_adam", "usr_consultant", "usr_iris", "usr_linus");
  }

  private List<Member> search(String enterpriseUid, String text) {
    return directory.search(new MemberQuery(enterpriseUid, text, null, null, 100));
  }

  private static List<String> ids(List<Member> members) {
    return members.stream().map(Member::userId).toList();
  }
}
