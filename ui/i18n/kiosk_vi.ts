<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>CatalogFreshness</name>
    <message>
        <source>The procedure catalog is loading…</source>
        <translation>Đang tải danh mục thủ tục…</translation>
    </message>
    <message>
        <source>Showing the saved catalog (%1 procedures, %2).</source>
        <translation>Đang dùng danh mục đã lưu (%1 thủ tục, %2).</translation>
    </message>
    <message>
        <source>%1 procedures, %2.</source>
        <translation>%1 thủ tục, %2.</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <source>Your personal data</source>
        <translation>Dữ liệu cá nhân của bạn</translation>
    </message>
    <message>
        <source>Step 2 of 4: read how your data is used, then choose.</source>
        <translation>Bước 2/4: đọc cách dữ liệu của bạn được sử dụng, rồi chọn.</translation>
    </message>
    <message>
        <source>I agree</source>
        <translation>Tôi đồng ý</translation>
    </message>
    <message>
        <source>I do not agree</source>
        <translation>Tôi không đồng ý</translation>
    </message>
    <message>
        <source>Go to the start screen</source>
        <translation>Về màn hình chính</translation>
    </message>
    <message>
        <source>Read the text again</source>
        <translation>Đọc lại nội dung</translation>
    </message>
</context>
<context>
    <name>DeliveryScreen</name>
    <message>
        <source>Collect it at the one-stop counter</source>
        <translation>Nhận tại bộ phận một cửa</translation>
    </message>
    <message>
        <source>Send it to me by post</source>
        <translation>Gửi qua bưu điện cho tôi</translation>
    </message>
    <message>
        <source>Online, on the public service portal</source>
        <translation>Trực tuyến, trên Cổng dịch vụ công</translation>
    </message>
    <message>
        <source>Bring your receipt and your ID card on the result date.</source>
        <translation>Mang theo biên nhận và thẻ căn cước vào ngày hẹn trả kết quả.</translation>
    </message>
    <message>
        <source>The post office delivers the result to the address below (postage may apply).</source>
        <translation>Bưu điện chuyển kết quả đến địa chỉ dưới đây (có thể mất cước).</translation>
    </message>
    <message>
        <source>You receive the electronic result on the portal, with your ID number.</source>
        <translation>Bạn nhận kết quả điện tử trên Cổng dịch vụ công, bằng số định danh.</translation>
    </message>
    <message>
        <source>How do you want to receive the result?</source>
        <translation>Bạn muốn nhận kết quả bằng cách nào?</translation>
    </message>
    <message>
        <source>Step 3 of 4: choose one.</source>
        <translation>Bước 3/4: chọn một cách.</translation>
    </message>
    <message>
        <source>Address to post the result to</source>
        <translation>Địa chỉ nhận kết quả qua bưu điện</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>Tiếp tục ›</translation>
    </message>
</context>
<context>
    <name>DetailScreen</name>
    <message>
        <source>This procedure is not in the kiosk&apos;s catalog.</source>
        <translation>Thủ tục này không có trong danh mục của ki-ốt.</translation>
    </message>
    <message>
        <source>Code %1 · Field: %2</source>
        <translation>Mã %1 · Lĩnh vực: %2</translation>
    </message>
    <message>
        <source>Procedures are published in Vietnamese only; the official text is shown as published.</source>
        <translation>Procedures are published in Vietnamese only; the official text is shown as published.</translation>
    </message>
    <message>
        <source>Submit online at this kiosk</source>
        <translation>Nộp hồ sơ trực tuyến tại ki-ốt</translation>
    </message>
    <message>
        <source>Fill in the form, pay the fee by bank QR and take your receipt.</source>
        <translation>Điền tờ khai, nộp phí bằng mã QR ngân hàng và nhận biên nhận.</translation>
    </message>
    <message>
        <source>Can it be done online?</source>
        <translation>Có làm trực tuyến được không?</translation>
    </message>
    <message>
        <source>Yes, at this kiosk</source>
        <translation>Có, ngay tại ki-ốt này</translation>
    </message>
    <message>
        <source>Use the button above to fill in the form here; the kiosk sends your dossier to the agency online.</source>
        <translation>Bấm nút phía trên để điền tờ khai tại đây; ki-ốt sẽ gửi hồ sơ trực tuyến đến cơ quan giải quyết.</translation>
    </message>
    <message>
        <source>Who handles it</source>
        <translation>Cơ quan giải quyết</translation>
    </message>
    <message>
        <source>Level: %1</source>
        <translation>Cấp thực hiện: %1</translation>
    </message>
    <message>
        <source>The kiosk does not have the list of papers, the fee or the processing time for this procedure yet. Scan the QR code to read them on the National Public Service Portal, or ask at the one-stop counter of the ward office.</source>
        <translation>Ki-ốt chưa có danh sách giấy tờ, lệ phí và thời gian giải quyết của thủ tục này. Hãy quét mã QR để xem trên Cổng dịch vụ công quốc gia, hoặc hỏi tại Bộ phận một cửa của UBND xã, phường.</translation>
    </message>
    <message>
        <source>How long it takes</source>
        <translation>Thời gian giải quyết</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Papers to bring</source>
        <translation>Giấy tờ cần mang</translation>
    </message>
    <message>
        <source>Originals to show</source>
        <translation>Bản chính cần xuất trình</translation>
    </message>
    <message>
        <source>What you receive</source>
        <translation>Kết quả nhận được</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Điều kiện</translation>
    </message>
    <message>
        <source>Good to know</source>
        <translation>Lưu ý</translation>
    </message>
    <message>
        <source>Open this procedure on your phone</source>
        <translation>Xem thủ tục này trên điện thoại</translation>
    </message>
    <message>
        <source>Point your phone&apos;s camera at the code.</source>
        <translation>Hướng camera điện thoại vào mã này.</translation>
    </message>
</context>
<context>
    <name>FieldPicker</name>
    <message>
        <source>Choose a field</source>
        <translation>Chọn lĩnh vực</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>All fields</source>
        <translation>Tất cả lĩnh vực</translation>
    </message>
</context>
<context>
    <name>FormGate</name>
    <message>
        <source>Continue to the form ›</source>
        <translation>Tiếp tục điền tờ khai ›</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <source>Please enter a number from %1 to %2.</source>
        <translation>Vui lòng nhập số từ %1 đến %2.</translation>
    </message>
    <message>
        <source>Please enter a number of at least %1.</source>
        <translation>Vui lòng nhập số không nhỏ hơn %1.</translation>
    </message>
    <message>
        <source>Please enter a number no greater than %1.</source>
        <translation>Vui lòng nhập số không lớn hơn %1.</translation>
    </message>
    <message>
        <source>🔒 Read from your chip ID card; it cannot be changed here.</source>
        <translation>🔒 Đọc từ chip thẻ căn cước của bạn; không sửa được ở đây.</translation>
    </message>
    <message>
        <source>DD/MM/YYYY</source>
        <translation>NN/TT/NNNN</translation>
    </message>
    <message>
        <source>Choose the commune or ward  ▾</source>
        <translation>Chọn xã, phường  ▾</translation>
    </message>
    <message>
        <source>Step 1 of 4: fill in the form. Items marked * are required.</source>
        <translation>Bước 1/4: điền tờ khai. Các mục có dấu * là bắt buộc.</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>Tiếp tục ›</translation>
    </message>
    <message>
        <source>Choose the commune or ward</source>
        <translation>Chọn xã, phường</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>IdentifyConfirmScreen</name>
    <message>
        <source>Thank you, you are identified</source>
        <translation>Cảm ơn, bạn đã được xác thực</translation>
    </message>
    <message>
        <source>Is this you?</source>
        <translation>Đây có phải là bạn không?</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Permanent residence</source>
        <translation>Nơi thường trú</translation>
    </message>
    <message>
        <source>Photo on the chip (staff only, not saved)</source>
        <translation>Ảnh trong chip (chỉ cán bộ xem, không lưu lại)</translation>
    </message>
    <message>
        <source>The card&apos;s chip was checked: these details are genuine.</source>
        <translation>Chip của thẻ đã được kiểm tra: các thông tin này là thật.</translation>
    </message>
    <message>
        <source>These details come from the QR code on your card; the chip was not read. Some services need the chip: place the card on the reader for those.</source>
        <translation>Thông tin này lấy từ mã QR trên thẻ của bạn; chip chưa được đọc. Một số dịch vụ cần đọc chip: khi đó hãy đặt thẻ lên đầu đọc.</translation>
    </message>
    <message>
        <source>The card&apos;s chip could not be checked. Staff may ask to see the card.</source>
        <translation>Không kiểm tra được chip của thẻ. Cán bộ có thể đề nghị xem thẻ.</translation>
    </message>
    <message>
        <source>The kiosk will use these details for this visit only. Take your card with you when you leave: the kiosk then forgets them.</source>
        <translation>Ki-ốt chỉ dùng các thông tin này trong lần sử dụng này. Hãy cầm thẻ theo khi rời đi: ki-ốt sẽ xóa các thông tin đó.</translation>
    </message>
    <message>
        <source>See my dossiers</source>
        <translation>Xem hồ sơ của tôi</translation>
    </message>
    <message>
        <source>Where each of your dossiers stands and what to do next</source>
        <translation>Từng hồ sơ của bạn đang ở bước nào và cần làm gì tiếp</translation>
    </message>
    <message>
        <source>Submit a dossier online</source>
        <translation>Nộp hồ sơ trực tuyến</translation>
    </message>
    <message>
        <source>Find the procedure; the form fills itself in from your card</source>
        <translation>Tìm thủ tục; tờ khai tự điền thông tin từ thẻ của bạn</translation>
    </message>
    <message>
        <source>Yes, this is me</source>
        <translation>Đúng là tôi</translation>
    </message>
    <message>
        <source>No, this is not me</source>
        <translation>Không phải tôi</translation>
    </message>
</context>
<context>
    <name>IdentifyReadingScreen</name>
    <message>
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message>
        <source>Do not move the card. This takes a few seconds.</source>
        <translation>Không di chuyển thẻ. Việc đọc mất vài giây.</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Place your ID card on the reader</source>
        <translation>Đặt thẻ CCCD lên đầu đọc</translation>
    </message>
    <message>
        <source>Lay the chip ID card (CCCD) flat on the reader below the screen and leave it there until you have finished. Then type your 12-digit ID number and your date of birth, as printed on the card.</source>
        <translation>Đặt thẻ CCCD gắn chip nằm phẳng trên đầu đọc dưới màn hình và để nguyên cho đến khi xong. Sau đó nhập số định danh 12 chữ số và ngày sinh như in trên thẻ.</translation>
    </message>
    <message>
        <source>ID number (12 digits)</source>
        <translation>Số định danh (12 chữ số)</translation>
    </message>
    <message>
        <source>12 digits</source>
        <extracomment>Placeholder of the empty ID-number field.</extracomment>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <source>Date of birth (day/month/year)</source>
        <translation>Ngày sinh (ngày/tháng/năm)</translation>
    </message>
    <message>
        <source>DD/MM/YYYY</source>
        <translation>NN/TT/NNNN</translation>
    </message>
    <message>
        <source>Expiry date printed on the card (day/month/year)</source>
        <translation>Ngày hết hạn in trên thẻ (ngày/tháng/năm)</translation>
    </message>
    <message>
        <source>My card says: %1 (no expiry)</source>
        <translation>Thẻ của tôi ghi: %1</translation>
    </message>
    <message>
        <source>Read the card</source>
        <translation>Đọc thẻ</translation>
    </message>
    <message>
        <source>Demo: take the sample card off the reader</source>
        <translation>Chế độ thử: lấy thẻ mẫu ra khỏi đầu đọc</translation>
    </message>
    <message>
        <source>Demo: place the sample card (ID 001190012345, born 15/03/1990)</source>
        <translation>Chế độ thử: đặt thẻ mẫu lên đầu đọc (số 001190012345, sinh ngày 15/03/1990)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Hanoi public service kiosk</source>
        <translation>Ki-ốt dịch vụ công Hà Nội</translation>
    </message>
    <message>
        <source>Assisted mode: a staff member is helping</source>
        <translation>Chế độ hỗ trợ: cán bộ đang giúp công dân</translation>
    </message>
    <message>
        <source>End assisted mode</source>
        <translation>Thoát chế độ hỗ trợ</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The public service portal cannot be reached right now.</source>
        <translation>Hiện không kết nối được Cổng dịch vụ công.</translation>
    </message>
    <message>
        <source>The public service portal is not answering right now.</source>
        <translation>Cổng dịch vụ công hiện không phản hồi.</translation>
    </message>
    <message>
        <source>The connection to the portal is not secure, so the kiosk did not use it.</source>
        <translation>Kết nối tới Cổng dịch vụ công không an toàn nên ki-ốt đã không sử dụng.</translation>
    </message>
    <message>
        <source>The public service portal has a problem right now.</source>
        <translation>Cổng dịch vụ công đang gặp sự cố.</translation>
    </message>
    <message>
        <source>The public service portal sent an answer the kiosk cannot read.</source>
        <translation>Cổng dịch vụ công trả về dữ liệu ki-ốt không đọc được.</translation>
    </message>
    <message>
        <source>The public service portal is busy. The kiosk will try again shortly.</source>
        <translation>Cổng dịch vụ công đang quá tải. Ki-ốt sẽ tự thử lại sau ít phút.</translation>
    </message>
    <message>
        <source>The public service portal refused the request.</source>
        <translation>Cổng dịch vụ công từ chối yêu cầu.</translation>
    </message>
    <message>
        <source>The catalog is being downloaded again in full.</source>
        <translation>Danh mục đang được tải lại toàn bộ.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s storage is full. Please tell the staff.</source>
        <translation>Bộ nhớ của ki-ốt đã đầy. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s saved data is damaged. Please tell the staff.</source>
        <translation>Dữ liệu lưu trên ki-ốt bị hỏng. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s saved data cannot be opened. Please tell the staff.</source>
        <translation>Không mở được dữ liệu lưu trên ki-ốt. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card answered in a way the kiosk cannot understand. Lift the card, place it again and retry.</source>
        <translation>Thẻ trả lời theo cách ki-ốt không hiểu được. Hãy nhấc thẻ lên, đặt lại rồi thử lại.</translation>
    </message>
    <message>
        <source>The card was reset while it was being read. Keep it still on the reader and try again.</source>
        <translation>Thẻ bị khởi động lại trong lúc đọc. Hãy giữ yên thẻ trên đầu đọc và thử lại.</translation>
    </message>
    <message>
        <source>This card cannot be opened with the card number alone. Type your ID number and date of birth.</source>
        <translation>Không mở được thẻ này chỉ bằng số thẻ. Hãy nhập số định danh và ngày sinh.</translation>
    </message>
    <message>
        <source>The card did not open with this ID number and date of birth. Check both against the card; if they are right, also type the expiry date printed on the card, then try again.</source>
        <translation>Không mở được thẻ với số định danh và ngày sinh này. Hãy đối chiếu cả hai với thẻ; nếu đã đúng, hãy nhập thêm ngày hết hạn in trên thẻ rồi thử lại.</translation>
    </message>
    <message>
        <source>The card was moved away while it was being read. Place it on the reader again, keep it still, and touch Read the card.</source>
        <translation>Thẻ bị nhấc ra khi đang đọc. Hãy đặt lại thẻ lên đầu đọc, giữ yên và chạm Đọc thẻ.</translation>
    </message>
    <message>
        <source>No card is on the reader. Place your ID card flat on the reader and try again.</source>
        <translation>Chưa có thẻ trên đầu đọc. Hãy đặt thẻ CCCD nằm phẳng trên đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>This card is not a chip ID card (CCCD). Please use your chip ID card.</source>
        <translation>Thẻ này không phải thẻ CCCD gắn chip. Vui lòng dùng thẻ CCCD gắn chip của bạn.</translation>
    </message>
    <message>
        <source>The card&apos;s chip gave data the kiosk cannot read. Try again; if it happens again, ask the staff.</source>
        <translation>Chip của thẻ trả về dữ liệu mà ki-ốt không đọc được. Hãy thử lại; nếu vẫn lỗi, vui lòng hỏi cán bộ.</translation>
    </message>
    <message>
        <source>The connection with the card was disturbed. Keep the card still and try again.</source>
        <translation>Kết nối với thẻ bị gián đoạn. Hãy giữ yên thẻ rồi thử lại.</translation>
    </message>
    <message>
        <source>The card did not answer in time. Lift it, place it on the reader again and try again.</source>
        <translation>Thẻ không phản hồi kịp. Hãy nhấc thẻ lên, đặt lại lên đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>The card could not be read. Place it on the reader again and try again.</source>
        <translation>Không đọc được thẻ. Hãy đặt lại thẻ lên đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>The card does not respond. Check that it is the chip side down and try again.</source>
        <translation>Thẻ không phản hồi. Hãy kiểm tra mặt có chip úp xuống đầu đọc rồi thử lại.</translation>
    </message>
    <message>
        <source>The card&apos;s chip lacks data the kiosk needs. Please ask the staff.</source>
        <translation>Chip của thẻ thiếu dữ liệu mà ki-ốt cần. Vui lòng hỏi cán bộ.</translation>
    </message>
    <message>
        <source>The card reader is not connected. Please tell the staff.</source>
        <translation>Đầu đọc thẻ chưa được kết nối. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please tell the staff.</source>
        <translation>Đầu đọc thẻ hiện không hoạt động. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card reader was disconnected. Please tell the staff.</source>
        <translation>Đầu đọc thẻ đã bị ngắt kết nối. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The card reader is busy. Wait a moment and try again.</source>
        <translation>Đầu đọc thẻ đang bận. Hãy chờ một lát rồi thử lại.</translation>
    </message>
    <message>
        <source>The card reader is not ready yet. Wait a moment and try again.</source>
        <translation>Đầu đọc thẻ chưa sẵn sàng. Hãy chờ một lát rồi thử lại.</translation>
    </message>
    <message>
        <source>Please enter the dossier code.</source>
        <translation>Vui lòng nhập mã hồ sơ.</translation>
    </message>
    <message>
        <source>The dossier code is incomplete. It looks like H26.105-251122-0001 or LK-251122-7QX4M28.</source>
        <translation>Mã hồ sơ chưa đủ ký tự. Mã có dạng H26.105-251122-0001 hoặc LK-251122-7QX4M28.</translation>
    </message>
    <message>
        <source>The date in the code (6 digits year-month-day, e.g. 251122) is not right. Please check it.</source>
        <translation>Phần ngày trong mã (6 chữ số năm-tháng-ngày, ví dụ 251122) không đúng. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>The agency part at the start of the dossier code (e.g. H26.105) is not right.</source>
        <translation>Phần mã cơ quan ở đầu mã hồ sơ (ví dụ H26.105) không đúng.</translation>
    </message>
    <message>
        <source>The number at the end of the dossier code must have at least 4 digits (e.g. 0001).</source>
        <translation>Số thứ tự ở cuối mã hồ sơ phải có ít nhất 4 chữ số (ví dụ 0001).</translation>
    </message>
    <message>
        <source>A character of the reference was typed wrongly. Please compare it with your receipt.</source>
        <translation>Mã tham chiếu có ký tự bị nhập sai. Vui lòng đối chiếu lại với phiếu biên nhận.</translation>
    </message>
    <message>
        <source>This is not a dossier code. It looks like H26.105-251122-0001 or LK-251122-7QX4M28.</source>
        <translation>Đây không phải mã hồ sơ. Mã có dạng H26.105-251122-0001 hoặc LK-251122-7QX4M28.</translation>
    </message>
    <message>
        <source>This QR code is not a VietQR bank-transfer code.</source>
        <translation>Mã QR này không phải mã chuyển khoản VietQR.</translation>
    </message>
    <message>
        <source>The payment QR code is damaged or badly formed. Please scan again or use another code.</source>
        <translation>Mã QR chuyển khoản bị lỗi định dạng. Vui lòng quét lại hoặc dùng mã khác.</translation>
    </message>
    <message>
        <source>The payment QR code was misread (its check value does not match). Please scan again.</source>
        <translation>Mã QR chuyển khoản bị đọc sai (mã kiểm tra không khớp). Vui lòng quét lại.</translation>
    </message>
    <message>
        <source>The payment QR code is longer than allowed.</source>
        <translation>Mã QR chuyển khoản dài quá mức cho phép.</translation>
    </message>
    <message>
        <source>The amount in the payment QR code is not valid.</source>
        <translation>Số tiền trong mã QR không hợp lệ.</translation>
    </message>
    <message>
        <source>The payment QR code is not in Vietnamese dong.</source>
        <translation>Mã QR không thanh toán bằng đồng Việt Nam.</translation>
    </message>
    <message>
        <source>The payment QR code is not a Vietnamese one.</source>
        <translation>Mã QR chuyển khoản không phải của Việt Nam.</translation>
    </message>
    <message>
        <source>The bank code (BIN) in the payment QR code is not valid.</source>
        <translation>Mã ngân hàng (BIN) trong mã QR không hợp lệ.</translation>
    </message>
    <message>
        <source>The account or card number in the payment QR code is not valid.</source>
        <translation>Số tài khoản hoặc số thẻ trong mã QR không hợp lệ.</translation>
    </message>
    <message>
        <source>The payment QR code uses a transfer service that is not supported.</source>
        <translation>Mã QR dùng một loại dịch vụ chuyển khoản không được hỗ trợ.</translation>
    </message>
    <message>
        <source>The transfer description, bill number or payee name is too long or has characters that cannot be used.</source>
        <translation>Nội dung chuyển khoản, mã hóa đơn hoặc tên người nhận quá dài hoặc có ký tự không dùng được.</translation>
    </message>
    <message>
        <source>The QR code scanner was not found. Please tell a staff member.</source>
        <translation>Không tìm thấy máy quét mã QR. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The kiosk is not allowed to use the QR code scanner. Please tell a technician.</source>
        <translation>Ki-ốt không có quyền dùng máy quét mã QR. Vui lòng báo cán bộ kỹ thuật.</translation>
    </message>
    <message>
        <source>The QR code scanner was disconnected. The kiosk is reconnecting.</source>
        <translation>Máy quét mã QR bị ngắt kết nối. Ki-ốt đang thử kết nối lại.</translation>
    </message>
    <message>
        <source>The scanner did not read the code cleanly. Please scan it again.</source>
        <translation>Máy quét đọc mã không rõ. Vui lòng quét lại.</translation>
    </message>
    <message>
        <source>The scanned code is too long to be one the kiosk reads. Please scan again.</source>
        <translation>Mã quét quá dài, không phải mã ki-ốt đọc được. Vui lòng quét lại.</translation>
    </message>
    <message>
        <source>The QR code scanner is not configured correctly. Please tell a technician.</source>
        <translation>Cấu hình máy quét mã QR không hợp lệ. Vui lòng báo cán bộ kỹ thuật.</translation>
    </message>
    <message>
        <source>The QR code scanner has a problem. The kiosk is retrying.</source>
        <translation>Máy quét mã QR gặp lỗi. Ki-ốt đang thử lại.</translation>
    </message>
    <message>
        <source>Another program is using the QR code scanner. Please tell a technician.</source>
        <translation>Máy quét mã QR đang được chương trình khác sử dụng. Vui lòng báo cán bộ kỹ thuật.</translation>
    </message>
    <message>
        <source>The scanned code was not recognised. Please scan the QR code on your receipt, your ID card or a payment code.</source>
        <translation>Không nhận ra mã vừa quét. Vui lòng quét mã QR trên phiếu biên nhận, thẻ căn cước hoặc mã thanh toán.</translation>
    </message>
    <message>
        <source>The scanned code is too long to be one the kiosk can read.</source>
        <translation>Mã vừa quét quá dài, không phải mã ki-ốt có thể đọc.</translation>
    </message>
    <message>
        <source>Please fill in this item.</source>
        <translation>Vui lòng điền mục này.</translation>
    </message>
    <message>
        <source>This is too long. Please shorten it.</source>
        <translation>Nội dung quá dài. Vui lòng viết ngắn lại.</translation>
    </message>
    <message>
        <source>This is too short. Please check it.</source>
        <translation>Nội dung quá ngắn. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>This is not in the expected format. Please check it.</source>
        <translation>Nội dung chưa đúng định dạng. Vui lòng kiểm tra lại.</translation>
    </message>
    <message>
        <source>This date is not valid. Please enter it as day/month/year, e.g. 25/12/1990.</source>
        <translation>Ngày chưa hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 25/12/1990.</translation>
    </message>
    <message>
        <source>This date cannot be later than today.</source>
        <translation>Ngày này không được sau hôm nay.</translation>
    </message>
    <message>
        <source>This date cannot be earlier than today.</source>
        <translation>Ngày này không được trước hôm nay.</translation>
    </message>
    <message>
        <source>Please pick one of the options shown.</source>
        <translation>Vui lòng chọn một trong các phương án có sẵn.</translation>
    </message>
    <message>
        <source>This phone number is not valid. A mobile number has 10 digits and starts with 0.</source>
        <translation>Số điện thoại chưa đúng. Số di động có 10 chữ số, bắt đầu bằng 0.</translation>
    </message>
    <message>
        <source>This email address is not valid, e.g. name@example.com.</source>
        <translation>Địa chỉ thư điện tử chưa đúng, ví dụ ten@example.com.</translation>
    </message>
    <message>
        <source>The personal ID number must be exactly 12 digits.</source>
        <translation>Số định danh cá nhân phải gồm đúng 12 chữ số.</translation>
    </message>
    <message>
        <source>Please enter a whole number, digits only.</source>
        <translation>Vui lòng nhập một số nguyên, chỉ gồm chữ số.</translation>
    </message>
    <message>
        <source>This number is outside the allowed range.</source>
        <translation>Số này nằm ngoài khoảng cho phép.</translation>
    </message>
    <message>
        <source>Please pick a Hanoi commune or ward from the list.</source>
        <translation>Vui lòng chọn một xã, phường của Hà Nội trong danh sách.</translation>
    </message>
    <message>
        <source>This was read from your verified ID card and cannot be changed here.</source>
        <translation>Thông tin này được đọc từ thẻ căn cước đã xác thực và không sửa được ở đây.</translation>
    </message>
    <message>
        <source>The data-processing consent text could not be loaded. Please tell a staff member.</source>
        <translation>Không tải được nội dung đồng ý xử lý dữ liệu. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>This procedure&apos;s form is damaged. Please tell a staff member.</source>
        <translation>Mẫu tờ khai của thủ tục này bị lỗi. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>This service is not available yet.</source>
        <translation>Dịch vụ này chưa được hỗ trợ.</translation>
    </message>
    <message>
        <source>Some details are not right. Please check the marked fields.</source>
        <translation>Một số thông tin chưa đúng. Vui lòng xem lại các ô được đánh dấu.</translation>
    </message>
    <message>
        <source>This submission was already sent with other content. Please tell a staff member.</source>
        <translation>Hồ sơ này đã được gửi với nội dung khác. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>This procedure cannot be submitted online at the kiosk yet.</source>
        <translation>Thủ tục này chưa nộp được trực tuyến tại ki-ốt.</translation>
    </message>
    <message>
        <source>No dossier was found with this code. Please check the code.</source>
        <translation>Không tìm thấy hồ sơ với mã này. Vui lòng kiểm tra lại mã hồ sơ.</translation>
    </message>
    <message>
        <source>To see your dossiers, please place your chip ID card on the reader.</source>
        <translation>Để xem danh sách hồ sơ, vui lòng đặt thẻ căn cước có gắn chip lên đầu đọc.</translation>
    </message>
    <message>
        <source>The amount does not match what is owed. Please try again or ask a staff member.</source>
        <translation>Số tiền không khớp với khoản phải nộp. Vui lòng thử lại hoặc hỏi cán bộ.</translation>
    </message>
    <message>
        <source>Nothing is owed on this dossier at the moment.</source>
        <translation>Hồ sơ này hiện không có khoản nào phải nộp.</translation>
    </message>
    <message>
        <source>The payment request was not found.</source>
        <translation>Không tìm thấy yêu cầu thanh toán.</translation>
    </message>
    <message>
        <source>This has already been paid.</source>
        <translation>Khoản này đã được thanh toán.</translation>
    </message>
    <message>
        <source>The payment code has expired or was cancelled. Please create a new one.</source>
        <translation>Mã thanh toán đã hết hạn hoặc đã bị hủy. Vui lòng tạo mã mới.</translation>
    </message>
    <message>
        <source>This procedure is not in the catalog.</source>
        <translation>Không có thủ tục này trong danh mục.</translation>
    </message>
    <message>
        <source>This procedure has no online form yet.</source>
        <translation>Thủ tục này chưa có tờ khai trực tuyến.</translation>
    </message>
    <message>
        <source>The receiving agency is not known. Please choose the ward or commune again.</source>
        <translation>Cơ quan tiếp nhận không đúng. Vui lòng chọn lại phường, xã.</translation>
    </message>
    <message>
        <source>Your consent to process personal data is needed before submitting.</source>
        <translation>Cần có sự đồng ý của bạn để xử lý dữ liệu cá nhân trước khi nộp hồ sơ.</translation>
    </message>
    <message>
        <source>This procedure does not deliver results the way you chose.</source>
        <translation>Thủ tục này không trả kết quả theo hình thức đã chọn.</translation>
    </message>
    <message>
        <source>Please enter the address to post the result to.</source>
        <translation>Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.</translation>
    </message>
    <message>
        <source>The kiosk reference has a wrong format. Please tell a staff member.</source>
        <translation>Mã tham chiếu của ki-ốt không đúng định dạng. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The form holds information it does not ask for. Please tell a staff member.</source>
        <translation>Tờ khai có thông tin không được yêu cầu. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>An attachment is invalid or too large.</source>
        <translation>Tệp đính kèm không hợp lệ hoặc quá lớn.</translation>
    </message>
    <message>
        <source>The transfer note may hold only unaccented letters and digits, 25 at most.</source>
        <translation>Nội dung chuyển khoản chỉ gồm chữ không dấu và số, tối đa 25 ký tự.</translation>
    </message>
    <message>
        <source>The printer is offline. Please tell a staff member.</source>
        <translation>Máy in đang tạm ngừng. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please tell a staff member.</source>
        <translation>Máy in đã hết giấy. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer cover is open. Please tell a staff member.</source>
        <translation>Nắp máy in đang mở. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer has a paper jam. Please tell a staff member.</source>
        <translation>Máy in bị kẹt giấy. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer was not found. Please tell a staff member.</source>
        <translation>Không tìm thấy máy in. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer does not answer. Please tell a staff member.</source>
        <translation>Máy in không phản hồi. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The printer has a fault. Please tell a staff member.</source>
        <translation>Máy in gặp lỗi. Vui lòng báo cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The paper roll is nearly used up.</source>
        <translation>Giấy in sắp hết.</translation>
    </message>
    <message>
        <source>This QR code is not the one on a chip ID card. Scan the QR code on the front of your ID card.</source>
        <translation>Đây không phải mã QR trên thẻ căn cước gắn chip. Vui lòng quét mã QR ở mặt trước thẻ căn cước.</translation>
    </message>
    <message>
        <source>The ID number in the card&apos;s QR code could not be read. Scan it again, or type your ID number and date of birth.</source>
        <translation>Không đọc được số định danh trong mã QR của thẻ. Vui lòng quét lại, hoặc nhập số định danh và ngày sinh.</translation>
    </message>
    <message>
        <source>A date in the card&apos;s QR code could not be read. Scan it again, or type your ID number and date of birth.</source>
        <translation>Không đọc được ngày tháng trong mã QR của thẻ. Vui lòng quét lại, hoặc nhập số định danh và ngày sinh.</translation>
    </message>
    <message>
        <source>The scanner misread the card&apos;s QR code (some letters were lost). Scan it again slowly, or type your ID number and date of birth.</source>
        <translation>Máy quét đọc sai mã QR của thẻ (mất một số chữ). Vui lòng quét lại chậm hơn, hoặc nhập số định danh và ngày sinh.</translation>
    </message>
    <message>
        <source>The card&apos;s QR code is incomplete. Scan it again, or type your ID number and date of birth.</source>
        <translation>Mã QR của thẻ không đầy đủ. Vui lòng quét lại, hoặc nhập số định danh và ngày sinh.</translation>
    </message>
    <message>
        <source>Please finish or leave what you are doing first (Home button), then scan the code again.</source>
        <translation>Vui lòng hoàn thành hoặc thoát việc đang làm (nút Trang đầu), rồi quét lại mã.</translation>
    </message>
    <message>
        <source>Your ID card&apos;s QR code is used to identify you at the start of a task. Finish or leave this one first.</source>
        <translation>Mã QR trên thẻ căn cước dùng để xác thực khi bắt đầu một việc. Vui lòng hoàn thành hoặc thoát việc đang làm trước.</translation>
    </message>
    <message>
        <source>This is a bank payment QR code. Pay it with your bank&apos;s app; the kiosk only shows its own payment codes.</source>
        <translation>Đây là mã QR thanh toán của ngân hàng. Hãy thanh toán bằng ứng dụng ngân hàng của bạn; ki-ốt chỉ hiển thị mã thanh toán của chính ki-ốt.</translation>
    </message>
    <message>
        <source>The outbox encryption key file is missing. Queued dossiers cannot be read; please call a technician.</source>
        <translation>Thiếu tệp khóa mã hóa của hàng đợi hồ sơ. Hồ sơ đang chờ không đọc được; vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key file can be read by other users and was refused. Please call a technician.</source>
        <translation>Tệp khóa mã hóa có quyền truy cập quá rộng nên bị từ chối. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key file is damaged. Please call a technician.</source>
        <translation>Tệp khóa mã hóa bị hỏng. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key file cannot be read or created. Please call a technician.</source>
        <translation>Không đọc hoặc tạo được tệp khóa mã hóa. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>The encryption key does not match the stored dossiers. Please call a technician.</source>
        <translation>Khóa mã hóa không khớp với dữ liệu hồ sơ đang lưu. Vui lòng báo kỹ thuật viên.</translation>
    </message>
    <message>
        <source>This kiosk reference is already in the outbox.</source>
        <translation>Mã hồ sơ tại ki-ốt này đã tồn tại trong hàng đợi.</translation>
    </message>
    <message>
        <source>No such dossier in the outbox.</source>
        <translation>Không tìm thấy hồ sơ trong hàng đợi.</translation>
    </message>
    <message>
        <source>The dossier is not in a state that allows this.</source>
        <translation>Hồ sơ không ở trạng thái cho phép thao tác này.</translation>
    </message>
    <message>
        <source>The dossier data cannot be stored.</source>
        <translation>Dữ liệu hồ sơ không hợp lệ để lưu.</translation>
    </message>
    <message>
        <source>This dossier&apos;s personal data has been deleted after its retention period.</source>
        <translation>Dữ liệu cá nhân của hồ sơ này đã được xóa theo thời hạn lưu trữ.</translation>
    </message>
    <message>
        <source>The kiosk is offline and cannot check this dossier right now. Please try again in a few minutes or ask a staff member.</source>
        <translation>Ki-ốt đang mất kết nối nên chưa tra cứu được hồ sơ này. Vui lòng thử lại sau ít phút hoặc hỏi cán bộ.</translation>
    </message>
    <message>
        <source>This kiosk has no dossier with this reference. A kiosk reference can only be looked up at the kiosk that took the dossier; use the dossier code if you have it.</source>
        <translation>Ki-ốt này không có hồ sơ với mã tham chiếu này. Mã tham chiếu chỉ tra cứu được tại ki-ốt đã nhận hồ sơ; hãy dùng mã hồ sơ nếu bạn đã có.</translation>
    </message>
    <message>
        <source>This dossier could not be sent: the system did not accept it. Please ask a staff member.</source>
        <translation>Hồ sơ này chưa gửi được vì hệ thống không chấp nhận. Vui lòng hỏi cán bộ hỗ trợ.</translation>
    </message>
    <message>
        <source>The kiosk cannot read its list of dossiers waiting to be sent. Please ask a staff member.</source>
        <translation>Ki-ốt không đọc được danh sách hồ sơ đang chờ gửi. Vui lòng hỏi cán bộ.</translation>
    </message>
    <message>
        <source>Checking the payment with the bank… the connection is slow. If you have paid, please wait and do not pay again.</source>
        <translation>Đang kiểm tra thanh toán với ngân hàng… kết nối đang chậm. Nếu bạn đã trả tiền, vui lòng chờ, không thanh toán lại.</translation>
    </message>
    <message>
        <source>The payment code&apos;s time is up. Asking the bank whether it was paid…</source>
        <translation>Mã thanh toán đã hết thời hạn. Đang hỏi ngân hàng xem mã đã được thanh toán chưa…</translation>
    </message>
    <message>
        <source>We cannot confirm the payment yet because the connection is down. Do not pay again. Ask the staff, or check later with your receipt.</source>
        <translation>Chúng tôi chưa xác nhận được việc thanh toán vì mất kết nối. Đừng thanh toán lại. Hãy hỏi cán bộ, hoặc tra cứu lại sau bằng biên nhận của bạn.</translation>
    </message>
    <message>
        <source>This procedure needs the details read from the chip of your ID card; the QR code on the card is not enough. Place the card on the reader and read it again.</source>
        <translation>Thủ tục này cần thông tin đọc từ chip của thẻ căn cước. Mã QR trên thẻ chưa đủ. Vui lòng đặt thẻ lên đầu đọc và đọc lại.</translation>
    </message>
    <message>
        <source>You are not identified yet. Please identify yourself with your ID card.</source>
        <translation>Chưa xác thực người nộp. Vui lòng xác thực bằng thẻ căn cước.</translation>
    </message>
    <message>
        <source>Some items are not right. Please look at the marked items.</source>
        <translation>Một số mục chưa đúng. Vui lòng xem các mục được đánh dấu.</translation>
    </message>
    <message>
        <source>The form of this procedure could not be loaded. Please submit at the one-stop counter.</source>
        <translation>Không tải được tờ khai của thủ tục này. Vui lòng nộp tại quầy một cửa.</translation>
    </message>
    <message>
        <source>You did not agree to the processing of your personal data, so the kiosk cannot submit the dossier. What you typed is deleted when you go home. You can submit at the one-stop counter instead.</source>
        <translation>Bạn chưa đồng ý cho xử lý dữ liệu cá nhân, nên ki-ốt không thể nộp hồ sơ. Thông tin bạn đã nhập sẽ bị xóa khi bạn về màn hình chính. Bạn có thể nộp hồ sơ tại quầy một cửa.</translation>
    </message>
    <message>
        <source>The kiosk could not save your dossier, so it was not submitted. Your details are still on the screen. Please try again or tell a staff member.</source>
        <translation>Ki-ốt không lưu được hồ sơ nên chưa nộp. Thông tin của bạn vẫn còn trên màn hình. Vui lòng thử lại hoặc báo cán bộ.</translation>
    </message>
    <message>
        <source>The kiosk is not ready to take dossiers. Please tell a staff member.</source>
        <translation>Ki-ốt chưa sẵn sàng nhận hồ sơ. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The address is too long (300 characters at most).</source>
        <translation>Địa chỉ quá dài (tối đa 300 ký tự).</translation>
    </message>
    <message>
        <source>Please choose how to receive the result.</source>
        <translation>Vui lòng chọn cách nhận kết quả.</translation>
    </message>
    <message>
        <source>This kiosk is not set to a commune or ward. Please tell a staff member.</source>
        <translation>Ki-ốt chưa được gắn với một xã, phường. Vui lòng báo cán bộ.</translation>
    </message>
    <message>
        <source>The payment code received does not match your dossier, so the kiosk does not show it. Please pay at the counter; your dossier has been sent.</source>
        <translation>Mã thanh toán nhận được không khớp với hồ sơ, nên ki-ốt không hiển thị. Vui lòng nộp phí tại quầy; hồ sơ của bạn đã được gửi.</translation>
    </message>
    <message>
        <source>The payment code has expired. You can make a new one or pay at the counter.</source>
        <translation>Mã thanh toán đã hết hạn. Bạn có thể tạo mã mới hoặc nộp phí tại quầy.</translation>
    </message>
    <message>
        <source>The payment code was cancelled. You can make a new one or pay at the counter.</source>
        <translation>Mã thanh toán đã bị hủy. Bạn có thể tạo mã mới hoặc nộp phí tại quầy.</translation>
    </message>
    <message>
        <source>A payment code cannot be made right now. Your dossier has been sent; please pay the fee at the counter.</source>
        <translation>Hiện không tạo được mã thanh toán. Hồ sơ của bạn đã được gửi; vui lòng nộp phí tại quầy.</translation>
    </message>
    <message>
        <source>The receipt printer cannot print right now. After you pay, your receipt will be shown on the screen as a QR code for you to photograph.</source>
        <translation>Máy in biên nhận đang không in được. Sau khi thanh toán, biên nhận sẽ hiện trên màn hình dưới dạng mã QR để bạn chụp lại.</translation>
    </message>
    <message>
        <source>Some details were not read from a verified chip ID card.</source>
        <translation>Một số thông tin không được đọc từ chip thẻ căn cước đã xác thực.</translation>
    </message>
    <message>
        <source>That PIN is not right. Try again.</source>
        <translation>Mã PIN không đúng. Vui lòng nhập lại.</translation>
    </message>
    <message>
        <source>The PIN has 4 to 12 digits.</source>
        <translation>Mã PIN gồm từ 4 đến 12 chữ số.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Assisted mode is locked for a few minutes.</source>
        <translation>Nhập sai mã PIN quá nhiều lần. Chế độ hỗ trợ bị khóa trong vài phút.</translation>
    </message>
    <message>
        <source>Assisted mode is not set up on this kiosk.</source>
        <translation>Ki-ốt này chưa được cài đặt chế độ hỗ trợ.</translation>
    </message>
    <message>
        <source>The ID number must have exactly 12 digits. Check it on your card.</source>
        <translation>Số định danh phải có đúng 12 chữ số. Hãy xem lại trên thẻ.</translation>
    </message>
    <message>
        <source>Type your date of birth as day/month/year, for example 15/03/1990.</source>
        <translation>Nhập ngày sinh theo dạng ngày/tháng/năm, ví dụ 15/03/1990.</translation>
    </message>
    <message>
        <source>Type the expiry date as day/month/year, as printed on the front of the card.</source>
        <translation>Hãy nhập ngày hết hạn theo ngày/tháng/năm, như in ở mặt trước của thẻ.</translation>
    </message>
    <message>
        <source>The expiry date cannot be before the date of birth. Check it on the card.</source>
        <translation>Ngày hết hạn không thể trước ngày sinh. Hãy xem lại trên thẻ.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask the staff.</source>
        <translation>Đã có lỗi. Vui lòng thử lại hoặc hỏi cán bộ.</translation>
    </message>
    <message>
        <source>in person</source>
        <translation>nộp trực tiếp</translation>
    </message>
    <message>
        <source>online</source>
        <translation>trực tuyến</translation>
    </message>
    <message>
        <source>by post</source>
        <translation>qua bưu chính</translation>
    </message>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n ngày làm việc</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n ngày</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n giờ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n working hour(s)</source>
        <translation>
            <numerusform>%n giờ làm việc</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n tháng</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n week(s)</source>
        <translation>
            <numerusform>%n tuần</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (unit not stated)</source>
        <translation>%1 (không ghi rõ đơn vị thời gian)</translation>
    </message>
    <message>
        <source>Fully online</source>
        <translation>Trực tuyến toàn trình</translation>
    </message>
    <message>
        <source>Partly online</source>
        <translation>Trực tuyến một phần</translation>
    </message>
    <message>
        <source>Online level not stated</source>
        <translation>Chưa rõ mức độ trực tuyến</translation>
    </message>
    <message>
        <source>You can submit, pay and receive the result online, without going to the office.</source>
        <translation>Bạn có thể nộp hồ sơ, nộp phí và nhận kết quả trực tuyến, không cần đến cơ quan.</translation>
    </message>
    <message>
        <source>You can submit online, but you must go to the office to finish, for example to show originals or collect the result.</source>
        <translation>Bạn có thể nộp hồ sơ trực tuyến nhưng vẫn phải đến cơ quan để hoàn tất, ví dụ xuất trình bản chính hoặc nhận kết quả.</translation>
    </message>
    <message>
        <source>The catalog does not say whether this can be done online. Scan the QR code to check on the national portal.</source>
        <translation>Danh mục chưa ghi rõ thủ tục này có làm trực tuyến được không. Hãy quét mã QR để kiểm tra trên Cổng dịch vụ công quốc gia.</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Lệ phí</translation>
    </message>
    <message>
        <source>Fee or charge</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Miễn phí</translation>
    </message>
    <message>
        <source>%1 VND</source>
        <translation>%1 đồng</translation>
    </message>
    <message>
        <source>never updated</source>
        <translation>chưa được cập nhật</translation>
    </message>
    <message>
        <source>updated just now</source>
        <translation>vừa cập nhật</translation>
    </message>
    <message numerus="yes">
        <source>updated %n minute(s) ago</source>
        <translation>
            <numerusform>cập nhật %n phút trước</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>updated %n hour(s) ago</source>
        <translation>
            <numerusform>cập nhật %n giờ trước</numerusform>
        </translation>
    </message>
    <message>
        <source>updated on %1</source>
        <translation>cập nhật ngày %1</translation>
    </message>
</context>
<context>
    <name>MyDossiersScreen</name>
    <message>
        <source>Your dossiers</source>
        <translation>Hồ sơ của bạn</translation>
    </message>
    <message>
        <source>Touch a dossier to see where it stands and what to do next.</source>
        <translation>Chạm vào một hồ sơ để xem tình trạng và việc cần làm tiếp theo.</translation>
    </message>
    <message>
        <source>There are no dossiers under your ID number.</source>
        <translation>Không có hồ sơ nào theo số định danh của bạn.</translation>
    </message>
    <message>
        <source>Looking up your dossiers…</source>
        <translation>Đang tìm hồ sơ của bạn…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Identify with the chip ID card</source>
        <translation>Xác thực bằng thẻ căn cước gắn chip</translation>
    </message>
    <message>
        <source>Dossier %1, submitted %2</source>
        <translation>Hồ sơ %1, nộp lúc %2</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>acute</source>
        <extracomment>Name of the Vietnamese tone &quot;sắc&quot; on its keyboard key.</extracomment>
        <translation>sắc</translation>
    </message>
    <message>
        <source>grave</source>
        <extracomment>Name of the Vietnamese tone &quot;huyền&quot; on its keyboard key.</extracomment>
        <translation>huyền</translation>
    </message>
    <message>
        <source>hook</source>
        <extracomment>Name of the Vietnamese tone &quot;hỏi&quot; on its keyboard key.</extracomment>
        <translation>hỏi</translation>
    </message>
    <message>
        <source>tilde</source>
        <extracomment>Name of the Vietnamese tone &quot;ngã&quot; on its keyboard key.</extracomment>
        <translation>ngã</translation>
    </message>
    <message>
        <source>dot</source>
        <extracomment>Name of the Vietnamese tone &quot;nặng&quot; on its keyboard key.</extracomment>
        <translation>nặng</translation>
    </message>
    <message>
        <source>no tone</source>
        <extracomment>Keyboard key that removes the tone of the last word (&quot;bỏ dấu&quot;).</extracomment>
        <translation>bỏ dấu</translation>
    </message>
    <message>
        <source>Backspace</source>
        <extracomment>Accessible name of the keyboard&apos;s delete key.</extracomment>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Keyboard key that closes the keyboard (&quot;Xong&quot;).</extracomment>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Shift</source>
        <extracomment>Accessible name of the keyboard&apos;s shift key.</extracomment>
        <translation>Shift</translation>
    </message>
    <message>
        <source>?123</source>
        <extracomment>Keyboard key switching to digits and symbols.</extracomment>
        <translation>?123</translation>
    </message>
    <message>
        <source>ABC</source>
        <extracomment>Keyboard key switching back to letters.</extracomment>
        <translation>ABC</translation>
    </message>
    <message>
        <source>typing</source>
        <extracomment>Caption of the key that switches between Vietnamese (Telex) and plain typing (&quot;kiểu gõ&quot;).</extracomment>
        <translation>kiểu gõ</translation>
    </message>
    <message>
        <source>Space · Vietnamese accents (Telex)</source>
        <extracomment>Space bar caption while typing Vietnamese with Telex.</extracomment>
        <translation>Dấu cách · gõ tiếng Việt (Telex)</translation>
    </message>
    <message>
        <source>Space · no accents</source>
        <extracomment>Space bar caption while letters are typed as they are, without Telex accents.</extracomment>
        <translation>Dấu cách · gõ không dấu</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>Pay the fee</source>
        <translation>Nộp phí, lệ phí</translation>
    </message>
    <message>
        <source>Your dossier %1 has been submitted. Open your bank&apos;s app, choose to scan a QR code, and scan the code on this screen.</source>
        <translation>Hồ sơ %1 đã được nộp. Mở ứng dụng ngân hàng, chọn quét mã QR và quét mã trên màn hình này.</translation>
    </message>
    <message>
        <source>Your dossier %1 has been submitted.</source>
        <translation>Hồ sơ %1 của bạn đã được nộp.</translation>
    </message>
    <message>
        <source>In words: %1</source>
        <translation>Bằng chữ: %1</translation>
    </message>
    <message>
        <source>To: %1, %2</source>
        <translation>Người nhận: %1, %2</translation>
    </message>
    <message>
        <source>This code is valid for %1 more.</source>
        <translation>Mã còn hiệu lực trong %1.</translation>
    </message>
    <message>
        <source>Paid. Thank you!</source>
        <translation>Đã thanh toán. Xin cảm ơn!</translation>
    </message>
    <message>
        <source>Checking with the bank whether the fee was paid…</source>
        <translation>Đang hỏi ngân hàng xem phí đã được thanh toán chưa…</translation>
    </message>
    <message>
        <source>Take my receipt</source>
        <translation>Nhận biên nhận</translation>
    </message>
    <message>
        <source>Your receipt says the payment is being confirmed.</source>
        <translation>Biên nhận sẽ ghi là khoản thanh toán đang được xác nhận.</translation>
    </message>
    <message>
        <source>The kiosk first checks whether you paid; if not, the code is cancelled.</source>
        <translation>Ki-ốt kiểm tra trước xem bạn đã thanh toán chưa; nếu chưa, mã sẽ bị hủy.</translation>
    </message>
    <message>
        <source>Preparing the payment code…</source>
        <translation>Đang tạo mã thanh toán…</translation>
    </message>
    <message>
        <source>Make a new payment code</source>
        <translation>Tạo mã thanh toán mới</translation>
    </message>
    <message>
        <source>Check the payment again</source>
        <translation>Kiểm tra lại việc thanh toán</translation>
    </message>
    <message>
        <source>Pay later at the counter</source>
        <translation>Nộp sau tại quầy</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Đã thanh toán</translation>
    </message>
    <message>
        <source>Do not pay again.</source>
        <translation>Đừng thanh toán lại.</translation>
    </message>
    <message>
        <source>No payment code is shown.</source>
        <translation>Không có mã thanh toán.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Collect it at the one-stop counter</source>
        <translation>Nhận tại bộ phận một cửa</translation>
    </message>
    <message>
        <source>By post</source>
        <translation>Qua bưu điện</translation>
    </message>
    <message>
        <source>Online, on the public service portal</source>
        <translation>Trực tuyến, trên Cổng dịch vụ công</translation>
    </message>
    <message>
        <source>Your dossier is saved</source>
        <translation>Hồ sơ của bạn đã được lưu</translation>
    </message>
    <message>
        <source>Your dossier has been submitted</source>
        <translation>Hồ sơ của bạn đã được nộp</translation>
    </message>
    <message>
        <source>The connection to the public service portal is down. Your dossier is kept safely at the kiosk and will be sent automatically when the connection is back. Use the kiosk reference below to look it up until the dossier code arrives.</source>
        <translation>Hiện mất kết nối đến Cổng dịch vụ công. Hồ sơ được lưu an toàn tại ki-ốt và sẽ được tự động gửi đi khi có kết nối trở lại. Dùng mã tham chiếu dưới đây để tra cứu cho đến khi có mã hồ sơ.</translation>
    </message>
    <message>
        <source>Kiosk reference</source>
        <translation>Mã tham chiếu tại ki-ốt</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Result due: %1</source>
        <translation>Ngày hẹn trả kết quả: %1</translation>
    </message>
    <message>
        <source>Fee: confirmed and paid at the counter</source>
        <translation>Phí, lệ phí: cán bộ xác nhận và thu tại quầy</translation>
    </message>
    <message>
        <source>Fee: free</source>
        <translation>Phí, lệ phí: miễn phí</translation>
    </message>
    <message>
        <source>Fee: %1, paid</source>
        <translation>Phí, lệ phí: %1, đã thanh toán</translation>
    </message>
    <message>
        <source>Fee: %1, payment being confirmed. Do not pay again; ask the staff if it is not confirmed.</source>
        <translation>Phí: %1, đang xác nhận thanh toán. Đừng thanh toán lại; hãy hỏi cán bộ nếu chưa được xác nhận.</translation>
    </message>
    <message>
        <source>Fee: %1, not paid yet: pay at the counter</source>
        <translation>Phí, lệ phí: %1, chưa thanh toán: nộp tại quầy</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Nhận kết quả: %1</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>Đang in biên nhận…</translation>
    </message>
    <message>
        <source>Take your receipt from the printer below the screen.</source>
        <translation>Mời bạn lấy biên nhận ở máy in phía dưới màn hình.</translation>
    </message>
    <message>
        <source>Photograph the QR code and write down the code above: they are your receipt.</source>
        <translation>Hãy chụp lại mã QR và ghi lại mã ở trên: đó là biên nhận của bạn.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>The kiosk forgets your details.</source>
        <translation>Ki-ốt sẽ xóa thông tin của bạn.</translation>
    </message>
    <message>
        <source>Scan with your phone to follow your dossier, or scan it at any kiosk.</source>
        <translation>Quét bằng điện thoại để theo dõi hồ sơ, hoặc quét tại bất kỳ ki-ốt nào.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Collect it at the one-stop counter</source>
        <translation>Nhận tại bộ phận một cửa</translation>
    </message>
    <message>
        <source>By post to: %1</source>
        <translation>Qua bưu điện đến: %1</translation>
    </message>
    <message>
        <source>Online, on the public service portal</source>
        <translation>Trực tuyến, trên Cổng dịch vụ công</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <source>Check and submit</source>
        <translation>Kiểm tra và nộp</translation>
    </message>
    <message>
        <source>Step 4 of 4: check everything. Nothing is sent until you touch Submit.</source>
        <translation>Bước 4/4: kiểm tra lại mọi thông tin. Hồ sơ chỉ được gửi khi bạn chạm nút Nộp.</translation>
    </message>
    <message>
        <source>Procedure code</source>
        <translation>Mã thủ tục</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Confirmed and paid at the counter</source>
        <translation>Cán bộ xác nhận và thu tại quầy</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Miễn phí</translation>
    </message>
    <message>
        <source>%1, paid by bank QR after submitting</source>
        <translation>%1, thanh toán bằng mã QR ngân hàng sau khi nộp</translation>
    </message>
    <message>
        <source>Your form</source>
        <translation>Tờ khai của bạn</translation>
    </message>
    <message>
        <source>Result delivery</source>
        <translation>Nhận kết quả</translation>
    </message>
    <message>
        <source>How you receive the result</source>
        <translation>Cách nhận kết quả</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Đồng ý xử lý dữ liệu</translation>
    </message>
    <message>
        <source>You agreed to the processing of your personal data</source>
        <translation>Bạn đã đồng ý cho xử lý dữ liệu cá nhân</translation>
    </message>
    <message>
        <source>Submit the dossier</source>
        <translation>Nộp hồ sơ</translation>
    </message>
    <message>
        <source>Submitting your dossier…</source>
        <translation>Đang nộp hồ sơ…</translation>
    </message>
    <message>
        <source>Your dossier is saved at the kiosk first, then sent. This takes a few seconds.</source>
        <translation>Hồ sơ được lưu tại ki-ốt trước, rồi gửi đi. Việc này mất vài giây.</translation>
    </message>
</context>
<context>
    <name>SearchScreen</name>
    <message>
        <source>Type a procedure, e.g. khai sinh</source>
        <translation>Gõ tên thủ tục, ví dụ: khai sinh</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xoá hết</translation>
    </message>
    <message>
        <source>Field: all</source>
        <translation>Lĩnh vực: tất cả</translation>
    </message>
    <message>
        <source>Field: %1</source>
        <translation>Lĩnh vực: %1</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Mọi cấp</translation>
    </message>
    <message>
        <source>Most asked for:</source>
        <translation>Thủ tục thường gặp:</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Đang tìm…</translation>
    </message>
    <message>
        <source>No procedure found. Check the spelling, or try fewer words.</source>
        <translation>Không tìm thấy thủ tục nào. Hãy kiểm tra chính tả hoặc gõ ít từ hơn.</translation>
    </message>
    <message numerus="yes">
        <source>%n procedure(s) found</source>
        <translation>
            <numerusform>Tìm thấy %n thủ tục</numerusform>
        </translation>
    </message>
    <message>
        <source>Show keyboard</source>
        <translation>Hiện bàn phím</translation>
    </message>
</context>
<context>
    <name>StaffPinDialog</name>
    <message>
        <source>Staff: type the assisted-mode PIN</source>
        <translation>Cán bộ: nhập mã PIN của chế độ hỗ trợ</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Nhập sai quá nhiều lần. Vui lòng thử lại sau %n phút.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <source>Hanoi Public Services</source>
        <translation>Dịch vụ công Hà Nội</translation>
    </message>
    <message>
        <source>Choose your language</source>
        <translation>Chọn ngôn ngữ / Choose your language</translation>
    </message>
    <message>
        <source>Larger text: on</source>
        <translation>Chữ to: đang bật</translation>
    </message>
    <message>
        <source>Larger text: off</source>
        <translation>Chữ to: đang tắt</translation>
    </message>
    <message>
        <source>Touch to make the text bigger or smaller</source>
        <translation>Chạm để phóng to hoặc thu nhỏ chữ</translation>
    </message>
    <message>
        <source>Look up a procedure</source>
        <translation>Tra cứu thủ tục</translation>
    </message>
    <message>
        <source>Which papers to bring, the fee, how long it takes, where to go</source>
        <translation>Giấy tờ cần mang, lệ phí, thời gian giải quyết, nơi nộp</translation>
    </message>
    <message>
        <source>Identify with your ID card</source>
        <translation>Xác thực bằng CCCD</translation>
    </message>
    <message>
        <source>Place your chip ID card (CCCD) on the reader so that forms fill themselves in</source>
        <translation>Đặt thẻ CCCD gắn chip lên đầu đọc để biểu mẫu tự điền thông tin</translation>
    </message>
    <message>
        <source>Check a dossier</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <source>Where your dossier stands and what to do next: type its code or scan your receipt</source>
        <translation>Hồ sơ của bạn đang ở bước nào và cần làm gì tiếp: nhập mã hồ sơ hoặc quét phiếu biên nhận</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Cán bộ</translation>
    </message>
</context>
<context>
    <name>StatusEntryScreen</name>
    <message>
        <source>Check your dossier</source>
        <translation>Tra cứu hồ sơ</translation>
    </message>
    <message>
        <source>Type the dossier code printed on your receipt. Spaces, dots and small letters do not matter.</source>
        <translation>Nhập mã hồ sơ in trên phiếu biên nhận. Không cần để ý dấu cách, dấu chấm hay chữ hoa, chữ thường.</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>ví dụ %1</translation>
    </message>
    <message>
        <source>Code recognised: %1</source>
        <translation>Mã hợp lệ: %1</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Tra cứu</translation>
    </message>
    <message>
        <source>Or hold the QR code on your receipt under the scanner, the small glass window below the screen. The kiosk opens your dossier by itself.</source>
        <translation>Hoặc đưa mã QR trên phiếu biên nhận vào đầu quét (ô kính nhỏ phía dưới màn hình). Ki-ốt sẽ tự mở hồ sơ của bạn.</translation>
    </message>
    <message>
        <source>Or identify with your chip ID card</source>
        <translation>Hoặc xác thực bằng thẻ căn cước gắn chip</translation>
    </message>
    <message>
        <source>See all your dossiers at once</source>
        <translation>Xem tất cả hồ sơ của bạn</translation>
    </message>
</context>
<context>
    <name>StatusPayment</name>
    <message>
        <source>Paid. Thank you.</source>
        <translation>Đã thanh toán. Xin cảm ơn.</translation>
    </message>
    <message>
        <source>Amount to pay: %1</source>
        <translation>Số tiền phải nộp: %1</translation>
    </message>
    <message>
        <source>The agency now continues with your dossier.</source>
        <translation>Cơ quan tiếp nhận sẽ tiếp tục xử lý hồ sơ của bạn.</translation>
    </message>
    <message>
        <source>Pay now with your bank app (VietQR)</source>
        <translation>Thanh toán ngay bằng ứng dụng ngân hàng (VietQR)</translation>
    </message>
    <message>
        <source>Make a new payment code</source>
        <translation>Tạo mã thanh toán mới</translation>
    </message>
    <message>
        <source>The payment code has expired. Make a new one to pay.</source>
        <translation>Mã thanh toán đã hết hạn. Vui lòng tạo mã mới để thanh toán.</translation>
    </message>
    <message>
        <source>Check the payment again</source>
        <translation>Kiểm tra lại việc thanh toán</translation>
    </message>
    <message>
        <source>Preparing the payment code…</source>
        <translation>Đang tạo mã thanh toán…</translation>
    </message>
    <message>
        <source>Checking with the bank whether the fee was paid…</source>
        <translation>Đang hỏi ngân hàng xem phí đã được thanh toán chưa…</translation>
    </message>
    <message>
        <source>Open your bank&apos;s app, choose QR payment and scan this code:</source>
        <translation>Mở ứng dụng ngân hàng, chọn thanh toán QR và quét mã này:</translation>
    </message>
    <message>
        <source>Amount: %1</source>
        <translation>Số tiền: %1</translation>
    </message>
    <message>
        <source>In words: %1</source>
        <translation>Bằng chữ: %1</translation>
    </message>
    <message>
        <source>To: %1, account %2 at %3</source>
        <translation>Người nhận: %1, tài khoản %2 tại %3</translation>
    </message>
    <message>
        <source>The code is valid until %1.</source>
        <translation>Mã có hiệu lực đến %1.</translation>
    </message>
    <message>
        <source>Waiting for your bank to confirm the payment…</source>
        <translation>Đang chờ ngân hàng xác nhận thanh toán…</translation>
    </message>
</context>
<context>
    <name>StatusScreen</name>
    <message>
        <source>Dossier %1</source>
        <translation>Hồ sơ %1</translation>
    </message>
    <message>
        <source>Printing the status slip…</source>
        <translation>Đang in phiếu tình trạng hồ sơ…</translation>
    </message>
    <message>
        <source>The status slip is printed. Please take it.</source>
        <translation>Đã in phiếu tình trạng hồ sơ. Vui lòng nhận phiếu.</translation>
    </message>
    <message>
        <source>Instead, scan this QR code with your phone to follow the dossier:</source>
        <translation>Thay vào đó, hãy dùng điện thoại quét mã QR này để theo dõi hồ sơ:</translation>
    </message>
    <message>
        <source>Checking with the public service system…</source>
        <translation>Đang tra cứu trên hệ thống dịch vụ công…</translation>
    </message>
    <message>
        <source>This takes a few seconds.</source>
        <translation>Việc này mất vài giây.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Last known status, as of %1. The kiosk is offline right now, so it may have changed since.</source>
        <translation>Tình trạng được ghi nhận gần nhất, lúc %1. Ki-ốt đang mất kết nối nên tình trạng có thể đã thay đổi.</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Chưa gửi được</translation>
    </message>
    <message>
        <source>Not sent yet</source>
        <translation>Chưa gửi</translation>
    </message>
    <message>
        <source>Your dossier is saved at this kiosk and has not reached the public service system yet. The kiosk sends it automatically as soon as the connection is back; you do not need to do anything.</source>
        <translation>Hồ sơ của bạn đã được lưu tại ki-ốt nhưng chưa được gửi tới hệ thống dịch vụ công. Ki-ốt sẽ tự động gửi ngay khi có kết nối; bạn không cần làm gì thêm.</translation>
    </message>
    <message>
        <source>Kiosk reference: %1</source>
        <translation>Mã tham chiếu tại ki-ốt: %1</translation>
    </message>
    <message>
        <source>Procedure: %1</source>
        <translation>Thủ tục: %1</translation>
    </message>
    <message>
        <source>Saved at: %1</source>
        <translation>Lưu lúc: %1</translation>
    </message>
    <message>
        <source>Status now</source>
        <translation>Tình trạng hiện tại</translation>
    </message>
    <message>
        <source>What happens next: %1</source>
        <translation>Bước tiếp theo: %1</translation>
    </message>
    <message>
        <source>Result due on: %1</source>
        <translation>Ngày hẹn trả kết quả: %1</translation>
    </message>
    <message>
        <source>Sent from this kiosk under the reference %1.</source>
        <translation>Đã gửi từ ki-ốt này với mã tham chiếu %1.</translation>
    </message>
    <message>
        <source>Documents to add</source>
        <translation>Giấy tờ cần bổ sung</translation>
    </message>
    <message>
        <source>(as written by the agency, in Vietnamese)</source>
        <translation>(theo nội dung của cơ quan tiếp nhận)</translation>
    </message>
    <message>
        <source>Where to collect the result</source>
        <translation>Nơi nhận kết quả</translation>
    </message>
    <message>
        <source>Reason given by the agency</source>
        <translation>Lý do của cơ quan tiếp nhận</translation>
    </message>
    <message>
        <source>The road of your dossier</source>
        <translation>Quá trình xử lý hồ sơ</translation>
    </message>
    <message>
        <source>Print a status slip</source>
        <translation>In phiếu tình trạng hồ sơ</translation>
    </message>
    <message>
        <source>Back to your dossiers</source>
        <translation>Quay lại danh sách hồ sơ</translation>
    </message>
    <message>
        <source>Check another dossier</source>
        <translation>Tra cứu hồ sơ khác</translation>
    </message>
</context>
<context>
    <name>StatusStep</name>
    <message>
        <source>still to come</source>
        <translation>chưa đến bước này</translation>
    </message>
    <message>
        <source>(the agency&apos;s note, in Vietnamese)</source>
        <translation>(ghi chú của cơ quan, bằng tiếng Việt)</translation>
    </message>
</context>
<context>
    <name>TimeoutOverlay</name>
    <message>
        <source>Do you need more time?</source>
        <translation>Bạn còn cần thêm thời gian?</translation>
    </message>
    <message>
        <source>When the count reaches 0, the kiosk goes back to the start screen and forgets everything you typed.</source>
        <translation>Khi đếm ngược về 0, ki-ốt sẽ trở về màn hình đầu và xoá mọi thông tin bạn đã nhập.</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Có, tôi cần thêm thời gian</translation>
    </message>
    <message>
        <source>No, I am finished</source>
        <translation>Không, tôi đã xong</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ Quay lại</translation>
    </message>
    <message>
        <source>⌂ Home</source>
        <translation>⌂ Trang đầu</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>Chữ thường</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Chữ to</translation>
    </message>
</context>
</TS>
