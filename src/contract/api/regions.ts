import { z } from "zod";
import { VersionedBody } from "./common.js";

export const RegionLevel = z
  .enum(["national", "province", "city", "county", "district", "zone"])
  .meta({ id: "RegionLevel" });
export type RegionLevel = z.infer<typeof RegionLevel>;

/**
 * A region (全国, 省, 市, 县, 区, 开发区 …) of the tree supervision runs on: a supervisor of a region sees it and
 * every region below it. Names are unique among a parent's children (and among top-level regions).
 */
export const Region = z
  .object({
    id: z.string(),
    name: z.string(),
    level: RegionLevel,
    /** The region above it; null for a top-level region (reports file theirs there until an admin moves it). */
    parentId: z.string().nullable(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Region" });
export type Region = z.infer<typeof Region>;

/** The whole tree as a flat list (a country's is a few thousand rows), or the children of `parentId`. */
export const RegionList = z.object({ items: z.array(Region) }).meta({ id: "RegionList" });
export type RegionList = z.infer<typeof RegionList>;

export const RegionListQuery = z.object({
  parentId: z.string().min(1).max(200).optional(),
});
export type RegionListQuery = z.infer<typeof RegionListQuery>;

const Name = z.string().trim().min(1).max(100);
const ParentId = z.string().min(1).max(200);

export const CreateRegionBody = z
  .object({
    name: Name,
    level: RegionLevel,
    parentId: ParentId.nullish(),
  })
  .meta({ id: "CreateRegion" });
export type CreateRegionBody = z.infer<typeof CreateRegionBody>;

/** Rename, change the level or move under another parent (null: to the top level); names the version read. */
export const UpdateRegionBody = VersionedBody.extend({
  name: Name.optional(),
  level: RegionLevel.optional(),
  parentId: ParentId.nullable().optional(),
}).meta({ id: "UpdateRegion" });
export type UpdateRegionBody = z.infer<typeof UpdateRegionBody>;
