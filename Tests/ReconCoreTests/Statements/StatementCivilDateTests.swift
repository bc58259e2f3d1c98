import XCTest

@testable import ReconCore

final class StatementCivilDateTests: XCTestCase {
    func testISOParsingAndValidation() {
        XCTAssertEqual(CivilDate(iso: "2024-02-29")?.description, "2024-02-29")
        XCTAssertNil(CivilDate(iso: "2023-02-29"))
        XCTAssertNil(CivilDate(iso: "2100-02-29"))
        XCTAssertNotNil(CivilDate(iso: "2000-02-29"))
        for bad in ["2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "20240101", "2024-01-01T00:00", "+024-01-01", " 2024-01-01", ""] {
            XCTAssertNil(CivilDate(iso: bad), bad)
        }
        XCTAssertEqual(CivilDate(year: 7, month: 3, day: 4)?.description, "0007-03-04")
    }

    func testDaysSinceEpochRoundTripsAndAddsAcrossYearEnds() throws {
        XCTAssertEqual(CivilDate(iso: "1970-01-01")?.daysSinceEpoch, 0)
        XCTAssertEqual(CivilDate(iso: "1969-12-31")?.daysSinceEpoch, -1)
        XCTAssertEqual(CivilDate(iso: "2000-03-01")?.daysSinceEpoch, 11_017)
        for days in stride(from: -719_000, through: 2_900_000, by: 997) {
            let date = try XCTUnwrap(CivilDate(daysSinceEpoch: days), "\(days)")
            XCTAssertEqual(date.daysSinceEpoch, days)
        }
        let newYearsEve = try XCTUnwrap(CivilDate(iso: "2025-12-31"))
        XCTAssertEqual(newYearsEve.adding(days: 1)?.description, "2026-01-01")
        XCTAssertEqual(newYearsEve.adding(days: -365)?.description, "2024-12-31")
        XCTAssertEqual(CivilDate(iso: "2024-03-01")?.adding(days: -1)?.description, "2024-02-29")
        XCTAssertNil(CivilDate(iso: "9999-12-31")?.adding(days: 1))
        XCTAssertTrue(CivilDate(iso: "2025-12-31")! < CivilDate(iso: "2026-01-01")!)
    }
}
