import XCTest
final class PlaceholderTests_ReconCryptoTests: XCTestCase { func testNothing() {} }
