package io.dataexport.demo;

/**
 * How much the {@link SourceDataGenerator} makes; the same seed and knobs make the same data.
 *
 * @param seed everything random derives from it
 * @param enterprises enterprises {@code ent_gen_0 …}
 * @param usersPerEnterprise members of each enterprise (besides the movers)
 * @param sessionsPerUser sessions per user
 * @param eventsPerSession events per session
 * @param filesPerSession attached files per session
 * @param fileBytes each file's size (text files and already-compressed ones alternate)
 * @param deletedUsersEvery every n-th user is a deleted account (0: none)
 * @param deletedItemsEvery every n-th record of each soft-deletable section is deleted (0: none)
 * @param movers users who were a member of one enterprise and then moved to the next
 * @param canaries whether secrets are planted at every depth of every section
 * @param skillsPerUser skills (each with a ZIP archive in the bucket)
 * @param knowledgePerUser knowledge entries
 * @param notificationsPerUser notifications
 * @param teamsPerEnterprise teams; each user is in one or two of its enterprise's
 */
public record GeneratorKnobs(
    long seed,
    int enterprises,
    int usersPerEnterprise,
    int sessionsPerUser,
    int eventsPerSession,
    int filesPerSession,
    int fileBytes,
    int deletedUsersEvery,
    int deletedItemsEvery,
    int movers,
    boolean canaries,
    int skillsPerUser,
    int knowledgePerUser,
    int notificationsPerUser,
    int teamsPerEnterprise) {

  /** A small population that fills every section: what tests start from. */
  public static GeneratorKnobs small() {
    return new GeneratorKnobs(42, 2, 3, 4, 3, 1, 512, 3, 4, 2, true, 1, 2, 2, 2);
  }

  public GeneratorKnobs withSessions(int sessionsPerUser, int filesPerSession) {
    return new GeneratorKnobs(
        seed,
        enterprises,
        usersPerEnterprise,
        sessionsPerUser,
        eventsPerSession,
        filesPerSession,
        fileBytes,
        deletedUsersEvery,
        deletedItemsEvery,
        movers,
        canaries,
        skillsPerUser,
        knowledgePerUser,
        notificationsPerUser,
        teamsPerEnterprise);
  }

  public GeneratorKnobs withUsers(int enterprises, int usersPerEnterprise, int movers) {
    return new GeneratorKnobs(
        seed,
        enterprises,
        usersPerEnterprise,
        sessionsPerUser,
        eventsPerSession,
        filesPerSession,
        fileBytes,
        deletedUsersEvery,
        deletedItemsEvery,
        movers,
        canaries,
        skillsPerUser,
        knowledgePerUser,
        notificationsPerUser,
        teamsPerEnterprise);
  }
}
