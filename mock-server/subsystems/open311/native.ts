import { z } from 'zod';

/**
 * An Open311 GeoReport v2 "POST Service Request" (http://wiki.open311.org/GeoReport_v2#POST_Service_Request),
 * as a 311 client sends it (form-encoded, so every value is a string), plus what our endpoint adds before it
 * enters the pipeline: the request id it assigned and when it received the request (the adapter has no clock).
 * `api_key` is checked by the endpoint and never stored.
 */
const text = (max: number) => z.string().max(max);
const coord = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d{1,3}(\.\d+)?$/, 'a decimal number'),
  ])
  .transform(Number);

export const Open311Submission = z.object({
  request_id: z.string().regex(/^[A-Za-z0-9-]{6,60}$/),
  received_at: z.iso.datetime({ offset: false }),
  jurisdiction_id: text(100).optional(),
  service_code: z.string().min(1).max(60),
  lat: coord.optional(),
  long: coord.optional(),
  address_string: text(300).optional(),
  address_id: text(100).optional(),
  email: text(200).optional(),
  device_id: text(100).optional(),
  account_id: text(100).optional(),
  first_name: text(50).optional(),
  last_name: text(50).optional(),
  phone: text(40).optional(),
  description: text(4000).optional(),
  media_url: z
    .string()
    .max(500)
    .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
    .optional(),
});
export type Open311Submission = z.input<typeof Open311Submission>;
