package io.dataexport.catalog.mongo;

import static io.dataexport.catalog.CatalogFixtures.deletedFormerMember;
import static io.dataexport.catalog.CatalogFixtures.enterprise;
import static io.dataexport.catalog.CatalogFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.UserAccount;
import io.dataexport.mongo.InMemoryMongo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoUserCatalogTest {

  private static final String ACME = "ent_acme";
  private static final String GLOBEX = "ent_globex";
  private static final String INITECH = "ent_initech";

  private static final UserAccount ADA =
      new UserAccount("usr_ada", "ada@acme.example", "Ada Lovelace", false);
  private static final UserAccount IRIS =
      new UserAccount("usr_iris", "iris@acme.example", "Iris Murdoch", false);
  private static final UserAccount LINUS =
      new UserAccount("usr_linus", "linus@acme.example", "Linus Gone", true);
  private static final UserAccount OUTSIDER =
      new UserAccount("usr_outsider", "outsider@globex.example", "Out Sider", false);
  private static final UserAccount CONSULTANT =
      new UserAccount("usr_consultant", "consultant@example.com", "Con Sultant", false);

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private MongoUserCatalog catalog;

  @BeforeEach
  void seed() {
    MongoDatabase db = mongo.freshDatabase();
    db.getCollection(CatalogCollections.ENTERPRISES)
        .insertMany(
            List.of(enterprise(ACME, true), enterprise(GLOBEX, false), enterprise(INITECH, null)));
    db.getCollection(CatalogCollections.USERS)
        .insertMany(
            List.of(
                user(ADA.userId(), ADA.email(), ADA.name(), ACME),
                user(IRIS.userId(), IRIS.email(), IRIS.name(), ACME),
                deletedFormerMember(
                    LINUS.userId(),
                    LINUS.email(),
                    LINUS.name(),
                    ACME,
                    Instant.parse("2026-02-01T00:00:00Z")),
                user(OUTSIDER.userId(), OUTSIDER.email(), OUTSIDER.name(), GLOBEX),
                user(CONSULTANT.userId(), CONSULTANT.email(), CONSULTANT.name(), GLOBEX, ACME)));
    catalog = new MongoUserCatalog(db);
  }

  @Test
  void aCurrentMemberIsFound() {
    assertThat(catalog.findMember(ACME, ADA.userId())).contains(ADA);
  }

  @Test
  void aDeletedFormerMemberIsFound() {
    assertThat(catalog.findMember(ACME, LINUS.userId())).contains(LINUS);
    assertThat(catalog.findMemberByEmail(ACME, LINUS.email())).contains(LINUS);
  }

  @Test
  void aUserOfAnotherEnterpriseIsNotFoundJustLikeOneWhoDoesNotExist() {
    assertThat(catalog.findMember(GLOBEX, OUTSIDER.userId()))
        .as("the user exists")
        .contains(OUTSIDER);

    assertThat(catalog.findMember(ACME, OUTSIDER.userId())).isEmpty();
    assertThat(catalog.findMember(ACME, "usr_nobody")).isEmpty();
    assertThat(catalog.findMemberByEmail(ACME, OUTSIDER.email())).isEmpty();
    assertThat(catalog.findMemberByEmail(ACME, "nobody@acme.example")).isEmpty();
    assertThat(catalog.findMember(GLOBEX, ADA.userId())).isEmpty();
  }

  @Test
  void aMemberOfTwoEnterprisesIsFoundByEach() {
    assertThat(catalog.findMember(ACME, CONSULTANT.userId())).contains(CONSULTANT);
    assertThat(catalog.findMember(GLOBEX, CONSULTANT.userId())).contains(CONSULTANT);
    assertThat(catalog.findMember(INITECH, CONSULTANT.userId())).isEmpty();
  }

  @Test
  void emailLookupIgnoresCase() {
    assertThat(catalog.findMemberByEmail(ACME, "Ada@ACME.Example")).contains(ADA);
    assertThat(catalog.findMemberByEmail(ACME, "ada@acme.example")).contains(ADA);
  }

  @Test
  void emailLookupIgnoresCaseWhateverTheDefaultLocale() {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "I".toLowerCase() is a dotless ı
    try {
      assertThat(catalog.findMemberByEmail(ACME, "IRIS@ACME.EXAMPLE")).contains(IRIS);
    } finally {
      Locale.setDefault(previous);
    }
  }

  @Test
  void reasonRequiredReadsTheEnterprisesPolicy() {
    assertThat(catalog.reasonRequired(ACME)).isTrue();
    assertThat(catalog.reasonRequired(GLOBEX)).isFalse();
    assertThat(catalog.reasonRequired(INITECH)).as("no require_reason field").isFalse();
    assertThat(catalog.reasonRequired("ent_unknown")).isFalse();
  }
}
