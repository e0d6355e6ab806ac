/**
 * Where a quiz lives. Quiz ids are "<course>/<module slug>" for a module quiz and "<course>/exam"
 * for the final exam, so the part after the course is the quiz's URL segment either way.
 */
export function quizIdFor(courseId: string, segment: string) {
  return `${courseId}/${segment}`;
}

/** /courses/<course>/quizzes/<module slug | exam> */
export function quizPath(quiz: { id: string; courseId: string }) {
  return `/courses/${quiz.courseId}/quizzes/${quiz.id.slice(quiz.courseId.length + 1)}`;
}
