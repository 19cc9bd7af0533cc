import type { AssignmentDetail } from "../../../src/contract/api/assignments.js";
import { AssignmentActions } from "./AssignmentActions.js";
import { AssignmentHistory } from "./AssignmentHistory.js";
import { QualityRatingCard } from "./QualityRating.js";

/**
 * What the 督办 cycle adds to an assignment's detail (its `actions` slot): the step buttons, the quality
 * rating once the assignment is closed (销号), and the history.
 */
export function cyclePanel(detail: AssignmentDetail, refresh: () => void) {
  return (
    <>
      <AssignmentActions detail={detail} refresh={refresh} />
      {detail.status === "closed" && <QualityRatingCard detail={detail} />}
      <AssignmentHistory id={detail.id} stamp={`${detail.version}:${detail.progress[0]?.id ?? ""}`} />
    </>
  );
}
