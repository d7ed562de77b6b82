package io.dataexport.export.mongo;

import static io.dataexport.export.ExportJobs.T0;
import static io.dataexport.export.ExportJobs.aPendingJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore.Claim;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobEvents;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.outbox.OutboxEntry;
import io.dataexport.outbox.OutboxListener;
import io.dataexport.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoJobOutboxTest {

  private static final CreateOptions NO_KEY = new CreateOptions(null, 5);
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(365));

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private MongoDatabase database;
  private MongoExportJobStore store;
  private MongoJobOutbox outbox;
  private int users;

  @BeforeEach
  void newOutbox() {
    database = mongo.freshDatabase();
    // nobody publishes: what the store writes stays in the outbox for the test to claim
    store =
        new MongoExportJobStore(database, new JobEvents("/dataexport/test"), OutboxListener.NONE);
    store.createIndexes();
    outbox = new MongoJobOutbox(database);
  }

  @Test
  void onlyEntriesWrittenBeforeTheBoundAreDueOldestFirst() {
    ExportJob later = create(T0.plusSeconds(20));
    ExportJob earlier = create(T0.plusSeconds(10));
    create(T0.plusSeconds(30));
    StoredJobs.put(database, aPendingJob().createdAt(T0).build()); // no outbox at all

    List<OutboxEntry> due = outbox.claimDue(T0.plusSeconds(30), T0.plusSeconds(60), 10);

    assertThat(due)
        .containsExactly(
            new OutboxEntry(earlier.uid(), messages(earlier)),
            new OutboxEntry(later.uid(), messages(later)));
    assertThat(due).allSatisfy(entry -> assertThat(entry.messages()).hasSize(2));
  }

  @Test
  void noMoreEntriesThanTheLimitAreClaimed() {
    ExportJob first = create(T0.plusSeconds(1));
    ExportJob second = create(T0.plusSeconds(2));

    assertThat(outbox.claimDue(FAR_FUTURE, T0.plusSeconds(60), 1))
        .extracting(OutboxEntry::jobUid)
        .containsExactly(first.uid());
    assertThat(outbox.claimDue(T0.plusSeconds(30), T0.plusSeconds(60), 1))
        .extracting(OutboxEntry::jobUid)
        .containsExactly(second.uid());
  }

  @Test
  void aClaimedEntryIsNotDueAgainUntilTheBoundPassesTheClaim() {
    ExportJob job = create(T0);
    Instant claimedAt = T0.plusSeconds(60);
    assertThat(outbox.claimDue(T0.plusSeconds(30), claimedAt, 10)).hasSize(1);

    assertThat(outbox.claimDue(T0.plusSeconds(30), claimedAt, 10))
        .as("another relay with the same bound")
        .isEmpty();
    assertThat(outbox.claimDue(claimedAt, claimedAt.plusSeconds(1), 10))
        .as("claimed exactly at the bound")
        .isEmpty();
    assertThat(outbox.claimDue(claimedAt.plusSeconds(1), claimedAt.plusSeconds(2), 10))
        .as("the claimant did not publish it in time")
        .extracting(OutboxEntry::jobUid)
        .containsExactly(job.uid());
  }

  @Test
  void removingMessagesPullsOnlyThoseAndKeepsTheEntryDue() {
    ExportJob job = create(T0);
    List<OutboxMessage> written = messages(job);

    outbox.remove(job.uid(), List.of(written.get(0).id()));

    assertThat(messages(job)).containsExactly(written.get(1));
    assertThat(outbox.claimDue(T0.plusSeconds(1), T0.plusSeconds(2), 10))
        .containsExactly(new OutboxEntry(job.uid(), List.of(written.get(1))));
  }

  @Test
  void removingTheLastMessagesClearsTheEntrySoItIsNeverClaimedAgain() {
    ExportJob job = create(T0);
    ExportJob other = create(T0);

    outbox.remove(job.uid(), messages(job).stream().map(OutboxMessage::id).toList());

    assertThat(messages(job)).isEmpty();
    assertThat(StoredJobs.outboxSince(database, job.uid())).isEmpty();
    assertThat(outbox.claimDue(FAR_FUTURE, FAR_FUTURE, 10))
        .extracting(OutboxEntry::jobUid)
        .containsExactly(other.uid());
  }

  @Test
  void messagesWrittenAfterAClaimStayWhenTheClaimedOnesAreRemoved() {
    ExportJob job = create(T0);
    OutboxEntry claimed = outbox.claimDue(T0.plusSeconds(1), T0.plusSeconds(2), 10).get(0);
    Claim started =
        store.claimNext(
            ExportSubject.user(job.enterpriseUid(), job.userId()),
            "worker-a",
            T0.plusSeconds(120),
            T0.plusSeconds(3));
    assertThat(started).isInstanceOf(Claim.Claimed.class);
    OutboxMessage writtenMeanwhile = messages(job).get(2);

    outbox.remove(job.uid(), claimed.messages().stream().map(OutboxMessage::id).toList());

    assertThat(messages(job)).containsExactly(writtenMeanwhile);
    assertThat(outbox.claimDue(T0.plusSeconds(4), T0.plusSeconds(5), 10))
        .containsExactly(new OutboxEntry(job.uid(), List.of(writtenMeanwhile)));
  }

  @Test
  void anEntryDatedButEmptiedMeanwhileIsClearedNotClaimed() {
    ExportJob job = create(T0);
    database
        .getCollection(MongoExportJobStore.COLLECTION)
        .updateOne(
            Filters.eq(ExportJobDocuments.UID, job.uid()),
            Updates.set(ExportJobDocuments.OUTBOX, List.of()));

    assertThat(outbox.claimDue(T0.plusSeconds(1), T0.plusSeconds(2), 10)).isEmpty();
    assertThat(StoredJobs.outboxSince(database, job.uid())).isEmpty();
  }

  @Test
  void removingFromAnUnknownJobChangesNothing() {
    ExportJob job = create(T0);

    outbox.remove("exp_missing", messages(job).stream().map(OutboxMessage::id).toList());

    assertThat(messages(job)).hasSize(2);
  }

  /** A new job of a user of its own, so the per-user rules never get in the way. */
  private ExportJob create(Instant at) {
    ExportJob created =
        store.create(aPendingJob().forUser("usr_" + ++users).createdAt(at).build(), NO_KEY).job();
    assertThat(messages(created)).hasSize(2);
    return created;
  }

  private List<OutboxMessage> messages(ExportJob job) {
    return StoredJobs.outbox(database, job.uid());
  }
}
