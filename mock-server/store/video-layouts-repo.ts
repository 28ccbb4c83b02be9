import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { VideoLayout, VideoLayoutInput } from '../../src/contract/video';
import type { Database } from './schema';

/** At most this many saved video-wall layouts per user: a list to pick from, not a store. */
export const MAX_LAYOUTS_PER_USER = 30;

/** Video-wall layouts saved per user. A layout saved under an existing name replaces it. */
export class VideoLayoutsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(ownerId: string): Promise<VideoLayout[]> {
    const rows = await this.db
      .selectFrom('video_layouts')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .orderBy('name')
      .execute();
    return rows.map((r) =>
      VideoLayout.parse({
        ...VideoLayoutInput.parse(JSON.parse(r.layout)),
        id: r.id,
        updatedAt: r.updated_at,
      }),
    );
  }

  /** Saves (or replaces by name); null when the user already has the maximum number of layouts. */
  async save(ownerId: string, input: VideoLayoutInput, now: string): Promise<VideoLayout | null> {
    const layout = VideoLayoutInput.parse(input);
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('video_layouts')
        .select('id')
        .where('owner_id', '=', ownerId)
        .where('name', '=', layout.name)
        .executeTakeFirst();
      if (existing) {
        await trx
          .updateTable('video_layouts')
          .set({ layout: JSON.stringify(layout), updated_at: now })
          .where('id', '=', existing.id)
          .execute();
        return { ...layout, id: existing.id, updatedAt: now };
      }
      const count = await trx
        .selectFrom('video_layouts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_id', '=', ownerId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_LAYOUTS_PER_USER) return null;
      const id = randomUUID();
      await trx
        .insertInto('video_layouts')
        .values({ id, owner_id: ownerId, name: layout.name, layout: JSON.stringify(layout), updated_at: now })
        .execute();
      return { ...layout, id, updatedAt: now };
    });
  }

  /** Deletes one of the owner's layouts; false when there is none with that id (or it is someone else's). */
  async remove(ownerId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('video_layouts')
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
